import { createHash } from 'node:crypto';

/** How long the simulated models take to answer a call-scoring request (the small model triages, the large one scores). */
export interface ScoringLatency {
  smallMs: number;
  largeMs: number;
}

export const DEFAULT_SCORING_LATENCY: ScoringLatency = { smallMs: 500, largeMs: 3_000 };

/** The tool names call scoring forces (apps/claims scoring.prompts.ts); other requests get the chat scripts. */
export const SCORING_TOOLS = { triage: 'call_triage', scorecard: 'call_scorecard' } as const;

const transcriptOf = (prompt: string) => /<<<\n([\s\S]*)\n>>>/.exec(prompt)?.[1] ?? prompt;
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * Triage as a model would, deterministically per transcript: a voicemail, a wrong number, too
 * short to judge (under 12 words), or worth analysing, with fields picked from the words.
 */
export function simulatedTriage(prompt: string): Record<string, unknown> {
  const transcript = transcriptOf(prompt);
  const lower = transcript.toLowerCase();
  const verdict = /voicemail|leave a message|after the tone/.test(lower)
    ? 'voicemail'
    : /wrong number/.test(lower)
      ? 'wrong_number'
      : words(transcript).length < 12
        ? 'too_short'
        : 'analyse';
  const sentences = transcript.split(/(?<=[.?!])\s+/);
  return {
    verdict,
    intent: /cancel/.test(lower) ? 'cancel' : /upgrade|buy|price/.test(lower) ? 'purchase' : 'inquiry',
    products: [...new Set(lower.match(/\b(basic|pro|enterprise) plan\b/g) ?? [])],
    objections: sentences.filter((s) => /expensive|too much|not sure|concern/i.test(s)).slice(0, 5),
    outcome: /\b(deal|sign(ed)? up|order)\b/.test(lower) ? 'closed' : 'follow-up',
    nextSteps: sentences.filter((s) => /follow up|call you|send you/i.test(s)).slice(0, 5),
  };
}

/**
 * A scorecard for the rubric listed in the prompt (`- key (0-max): ...` lines). Each score is a
 * hash of the transcript and criterion, or N for every criterion when the transcript says `score=N`,
 * so tests can assert the scores they get.
 */
export function simulatedScorecard(prompt: string): Record<string, unknown> {
  const transcript = transcriptOf(prompt);
  const criteria = [...prompt.matchAll(/^- ([a-z_]+) \(0-(\d+)\):/gm)].map((m) => ({ key: m[1], max: Number(m[2]) }));
  const forced = /score=(\d+)/.exec(transcript)?.[1];
  const evidence = transcript.split(/(?<=[.?!])\s+/)[0].slice(0, 160);
  const scores = criteria.map(({ key, max }) => ({
    criterion: key,
    score: forced !== undefined ? Math.min(Number(forced), max) : createHash('sha256').update(`${key}\0${transcript}`).digest()[0] % (max + 1),
    evidence,
  }));
  const weakest = [...scores].sort((a, b) => a.score - b.score)[0];
  return { scores, coaching: [weakest ? `Work on ${weakest.criterion}: it scored ${weakest.score}.` : 'Keep going.', 'Summarise the agreed next steps before closing.'] };
}

/** The answer to a call-scoring request, or undefined when the tool is not one of call scoring's. */
export function callScoringAnswer(tool: string | undefined, prompt: string): Record<string, unknown> | undefined {
  if (tool === SCORING_TOOLS.triage) return simulatedTriage(prompt);
  if (tool === SCORING_TOOLS.scorecard) return simulatedScorecard(prompt);
  return undefined;
}

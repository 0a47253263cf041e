import type { Speaker, Utterance } from '@switchboard/contracts';

export interface TimedWord {
  word: string;
  start: number;
  end: number;
}

/** A silence this long (seconds) within one channel ends an utterance. */
const CHANNEL_PAUSE = 0.8;
/** On mono audio a pause this long is taken as the other party's turn. */
const TURN_PAUSE = 1.0;

const round = (seconds: number) => Math.round(seconds * 100) / 100;

function utterance(speaker: Speaker, words: TimedWord[]): Utterance {
  return { speaker, text: words.map((w) => w.word).join(' '), start: round(words[0].start), end: round(words[words.length - 1].end) };
}

/** Consecutive words split wherever the gap between them is at least `pause`. */
function runs(words: TimedWord[], pause: number): TimedWord[][] {
  const sorted = [...words].sort((a, b) => a.start - b.start);
  const result: TimedWord[][] = [];
  for (const word of sorted) {
    const current = result[result.length - 1];
    if (current && word.start - current[current.length - 1].end < pause) current.push(word);
    else result.push([word]);
  }
  return result;
}

/**
 * Dual-channel audio: each channel is one party (the agent's is AI, the callee's HUMAN), so a
 * channel's words are that speaker's; utterances of both are interleaved by time.
 */
export function utterancesFromChannels(channels: { speaker: Speaker; words: TimedWord[] }[]): Utterance[] {
  return channels
    .flatMap(({ speaker, words }) => runs(words, CHANNEL_PAUSE).map((run) => utterance(speaker, run)))
    .sort((a, b) => a.start - b.start);
}

/**
 * Mono audio has no channels to tell the parties apart: a long pause is taken as a change of
 * speaker, starting with the agent, who speaks first on an outbound call.
 */
export function utterancesByPauses(words: TimedWord[]): Utterance[] {
  return runs(words, TURN_PAUSE).map((run, i) => utterance(i % 2 === 0 ? 'AI' : 'HUMAN', run));
}

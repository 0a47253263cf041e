import type { JsonSchema } from '@switchboard/providers';
import type { Utterance } from '@switchboard/contracts';
import { rankChecklist } from './checklist-context.js';
import type { HypothesisRef } from './hypothesis-matching.js';

export interface ModelClaim {
  statement: string;
  /** The key of the hypothesis the claim bears on, as the model wrote it. */
  hypothesis: string;
  stance: 'supports' | 'contradicts';
  confidence: number;
  evidenceStart: number;
  evidenceEnd: number;
}

export const CLAIMS_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['claims'],
  properties: {
    claims: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['statement', 'hypothesis', 'stance', 'confidence', 'evidenceStart', 'evidenceEnd'],
        properties: {
          statement: { type: 'string', minLength: 1 },
          hypothesis: { type: 'string' },
          stance: { type: 'string', enum: ['supports', 'contradicts'] },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
          evidenceStart: { type: 'number', minimum: 0 },
          evidenceEnd: { type: 'number', minimum: 0 },
        },
      },
    },
  },
};

export const EXTRACTION_SYSTEM =
  'You extract factual claims a person made on a research call. Only what the callee (HUMAN) said counts as evidence. ' +
  'Each claim bears on one of the listed hypotheses, supporting or contradicting it, with your confidence (0..1) and the ' +
  'time span (seconds) of the utterances it rests on. Claims about nothing listed are left out.';

const at = (seconds: number) => seconds.toFixed(1);

/** The prompt: hypotheses by key, the checklist most relevant first, then the timed transcript. */
export function extractionPrompt(checklist: string[], hypotheses: HypothesisRef[], utterances: Utterance[]): string {
  const transcript = utterances.map((u) => `[${at(u.start)}-${at(u.end)}] ${u.speaker}: ${u.text}`).join('\n');
  return [
    'Hypotheses (key: statement):',
    ...hypotheses.map((h) => `- ${h.key}: ${h.statement}`),
    '',
    'What the call set out to learn (most relevant first):',
    ...rankChecklist(checklist, transcript).map((item) => `- ${item}`),
    '',
    'Transcript:',
    transcript,
  ].join('\n');
}

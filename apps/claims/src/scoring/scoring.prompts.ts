import { TRIAGE_VERDICTS } from '@switchboard/contracts';
import type { JsonSchema } from '@switchboard/providers';
import type { Rubric } from './rubrics.js';

/** Bumped whenever a prompt or schema changes: it is part of the cache key, so old answers are not reused. */
export const SILVER_PROMPT_VERSION = 'silver-1';
export const GOLD_PROMPT_VERSION = 'gold-1';

/** The schema names the simulator recognizes (libs/testing: call-scoring answers). */
export const SILVER_SCHEMA_NAME = 'call_triage';
export const GOLD_SCHEMA_NAME = 'call_scorecard';

export const SILVER_SYSTEM =
  'You triage sales and support call transcripts. Decide whether the call should be analysed (not a voicemail, not a wrong number, ' +
  'long enough to judge), and extract the customer intent, products mentioned, objections, outcome and next steps.';

// Bounded so that a page of 50 results stays well under the broker's max payload (~12 kB a call at most).
const short = { type: 'string', maxLength: 200 };
const list = { type: 'array', maxItems: 10, items: short };

export const SILVER_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['verdict', 'intent', 'products', 'objections', 'outcome', 'nextSteps'],
  additionalProperties: false,
  properties: { verdict: { enum: [...TRIAGE_VERDICTS] }, intent: short, products: list, objections: list, outcome: short, nextSteps: list },
};

export const silverPrompt = (transcript: string) => `Transcript:\n<<<\n${transcript}\n>>>`;

export const GOLD_SYSTEM =
  'You are a call-quality coach. Score the call on each rubric criterion (0 to its maximum), quoting the words of the transcript ' +
  'that justify each score, and give two or three concrete coaching notes for the agent.';

export function goldSchema(rubric: Rubric): JsonSchema {
  return {
    type: 'object',
    required: ['scores', 'coaching'],
    additionalProperties: false,
    properties: {
      scores: {
        type: 'array',
        minItems: rubric.criteria.length,
        maxItems: rubric.criteria.length,
        items: {
          type: 'object',
          required: ['criterion', 'score', 'evidence'],
          properties: { criterion: { enum: rubric.criteria.map((c) => c.key) }, score: { type: 'integer', minimum: 0, maximum: 10 }, evidence: { type: 'string', maxLength: 500 } },
        },
      },
      coaching: { type: 'array', minItems: 1, maxItems: 5, items: short },
    },
  };
}

export function goldPrompt(rubric: Rubric, transcript: string, extraction: Record<string, unknown>): string {
  const criteria = rubric.criteria.map((c) => `- ${c.key} (0-${c.maxScore}): ${c.description}`).join('\n');
  return `Rubric ${rubric.id} v${rubric.version}:\n${criteria}\n\nWhat triage extracted: ${JSON.stringify(extraction)}\n\nTranscript:\n<<<\n${transcript}\n>>>`;
}

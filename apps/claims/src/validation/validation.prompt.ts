import type { JsonSchema } from '@switchboard/providers';
import type { Consistency } from './verdict.js';

export interface ModelJudgement {
  consistency: Consistency;
  conclusion: string;
}

export const JUDGEMENT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['consistency', 'conclusion'],
  properties: {
    consistency: { type: 'string', enum: ['supported', 'contradicted', 'mixed'] },
    conclusion: { type: 'string', minLength: 1 },
  },
};

export const VALIDATION_SYSTEM =
  'You judge whether independent claims from different research calls, taken together, support a hypothesis, ' +
  'contradict it, or are mixed. Answer with that judgement and a one-sentence conclusion a researcher can act on.';

/** The claims as evidence, each with its call (calls are independent sources). */
export function validationPrompt(
  hypothesis: { key: string; statement: string },
  claims: { callId: string; statement: string; stance: string; confidence: number }[],
): string {
  return [
    `Judge hypothesis ${hypothesis.key}: "${hypothesis.statement}"`,
    '',
    'Claims (call, stance, confidence, claim):',
    ...claims.map((c) => `- call ${c.callId.slice(-8)}, ${c.stance}, ${c.confidence.toFixed(2)}: ${c.statement}`),
  ].join('\n');
}

import type { HypothesisVerdict } from '@switchboard/contracts';

/** What the model says of the claims about one hypothesis, taken together. */
export type Consistency = 'supported' | 'contradicted' | 'mixed';

/** Below this average confidence even consistent support does not validate a hypothesis. */
export const MIN_AVERAGE_CONFIDENCE = 0.6;

/** Evidence needed before judging: this many claims, from this many different calls. */
export const EVIDENCE_THRESHOLD = { claims: 3, calls: 3 };

export const hasEnoughEvidence = (claims: { callId: string }[]): boolean =>
  claims.length >= EVIDENCE_THRESHOLD.claims && new Set(claims.map((c) => c.callId)).size >= EVIDENCE_THRESHOLD.calls;

/**
 * The tolerance rule: VALIDATED when the claims consistently support it with enough confidence,
 * INVALIDATED when they contradict it or are too unsure, INCONCLUSIVE when they disagree.
 */
export function verdict(consistency: Consistency, averageConfidence: number): HypothesisVerdict {
  if (consistency === 'mixed') return 'INCONCLUSIVE';
  if (consistency === 'supported' && averageConfidence >= MIN_AVERAGE_CONFIDENCE) return 'VALIDATED';
  return 'INVALIDATED';
}

export const averageConfidence = (claims: { confidence: number }[]): number =>
  claims.length === 0 ? 0 : Math.round((claims.reduce((sum, c) => sum + c.confidence, 0) / claims.length) * 1000) / 1000;

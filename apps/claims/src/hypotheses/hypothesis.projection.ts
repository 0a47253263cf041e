import {
  type EventEnvelope,
  type HypothesisDecided,
  hypothesisDecided,
  hypothesisReopened,
  type HypothesisValidationFailed,
  hypothesisValidationFailed,
} from '@switchboard/contracts';
import type pg from 'pg';

/** A hypothesis's row: its verdict, or why validation gave up, or open again. */
export const hypothesisProjection = (schema: string) => {
  const table = `"${schema}".hypotheses`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      if (event.type === hypothesisDecided.type) {
        const p = event.payload as HypothesisDecided;
        await tx.query(
          `UPDATE ${table} SET status = $2, conclusion = $3, average_confidence = $4, used_claim_ids = $5, validation_pending = false,
             last_error = NULL, decided_at = $6 WHERE hypothesis_id = $1`,
          [p.hypothesisId, p.status, p.conclusion, p.averageConfidence, JSON.stringify(p.claimIds), event.occurredAt],
        );
      } else if (event.type === hypothesisValidationFailed.type) {
        const p = event.payload as HypothesisValidationFailed;
        await tx.query(`UPDATE ${table} SET validation_pending = false, last_error = $2 WHERE hypothesis_id = $1`, [p.hypothesisId, p.reason]);
      } else if (event.type === hypothesisReopened.type) {
        await tx.query(
          `UPDATE ${table} SET status = 'OPEN', conclusion = NULL, average_confidence = NULL, used_claim_ids = NULL, decided_at = NULL WHERE hypothesis_id = $1`,
          [(event.payload as { hypothesisId: string }).hypothesisId],
        );
      }
    }
  };
};

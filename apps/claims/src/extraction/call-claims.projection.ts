import { type ClaimExtractionFailed, claimExtractionFailed, type ClaimsExtracted, claimsExtracted, type EventEnvelope } from '@switchboard/contracts';
import type pg from 'pg';

/** `claims`, and the call's outcome in `campaign_calls`. */
export const callClaimsProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      if (event.type === claimsExtracted.type) {
        const p = event.payload as ClaimsExtracted;
        const column = <K extends keyof ClaimsExtracted['claims'][number]>(key: K) => p.claims.map((c) => c[key]);
        await tx.query(
          `INSERT INTO ${s}.claims (claim_id, call_id, campaign_id, hypothesis_id, statement, stance, confidence, evidence_start, evidence_end, extracted_at)
           SELECT c.id, $1, $2, c.hypothesis_id, c.statement, c.stance, c.confidence, c.evidence_start, c.evidence_end, $10
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[], $9::float8[])
             AS c(id, hypothesis_id, statement, stance, confidence, evidence_start, evidence_end)`,
          [
            p.callId,
            p.campaignId,
            column('claimId'),
            column('hypothesisId'),
            column('statement'),
            column('stance'),
            column('confidence'),
            column('evidenceStart'),
            column('evidenceEnd'),
            event.occurredAt,
          ],
        );
        await tx.query(`UPDATE ${s}.campaign_calls SET outcome = 'EXTRACTED' WHERE call_id = $1`, [p.callId]);
      } else if (event.type === claimExtractionFailed.type) {
        const p = event.payload as ClaimExtractionFailed;
        await tx.query(`UPDATE ${s}.campaign_calls SET outcome = 'FAILED', outcome_reason = $2 WHERE call_id = $1`, [p.callId, `claims: ${p.reason}`]);
      }
    }
  };
};

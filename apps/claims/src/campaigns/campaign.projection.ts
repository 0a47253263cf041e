import {
  campaignCanceled,
  type CampaignCreated,
  campaignCompleted,
  campaignCreated,
  type CampaignLaunched,
  campaignLaunched,
  type EventEnvelope,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `campaigns`, `hypotheses` (as drafted) and `campaign_calls` (as launched). */
export const campaignProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      if (event.type === campaignCreated.type) {
        const p = event.payload as CampaignCreated;
        await tx.query(`INSERT INTO ${s}.campaigns (campaign_id, name, status, checklist, contacts, created_at) VALUES ($1, $2, 'DRAFT', $3, $4, $5)`, [
          p.campaignId,
          p.name,
          JSON.stringify(p.checklist),
          p.contacts.length,
          event.occurredAt,
        ]);
        await tx.query(
          `INSERT INTO ${s}.hypotheses (hypothesis_id, campaign_id, position, key, statement)
           SELECT h.id, $1, h.ord, h.key, h.statement FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS h(id, key, statement, ord)`,
          [p.campaignId, p.hypotheses.map((h) => h.hypothesisId), p.hypotheses.map((h) => h.key), p.hypotheses.map((h) => h.statement)],
        );
      } else if (event.type === campaignLaunched.type) {
        const p = event.payload as CampaignLaunched;
        await tx.query(`UPDATE ${s}.campaigns SET status = 'ACTIVE', launched_at = $2 WHERE campaign_id = $1`, [p.campaignId, event.occurredAt]);
        await tx.query(
          `INSERT INTO ${s}.campaign_calls (call_id, campaign_id, phone) SELECT c.id, $1, c.phone FROM unnest($2::text[], $3::text[]) AS c(id, phone)
           ON CONFLICT (call_id) DO NOTHING`,
          [p.campaignId, p.calls.map((c) => c.callId), p.calls.map((c) => c.phone)],
        );
      } else if (event.type === campaignCompleted.type) {
        await tx.query(`UPDATE ${s}.campaigns SET status = 'COMPLETED', completed_at = $2 WHERE campaign_id = $1`, [
          (event.payload as { campaignId: string }).campaignId,
          event.occurredAt,
        ]);
      } else if (event.type === campaignCanceled.type) {
        await tx.query(`UPDATE ${s}.campaigns SET status = 'CANCELED' WHERE campaign_id = $1`, [(event.payload as { campaignId: string }).campaignId]);
      }
    }
  };
};

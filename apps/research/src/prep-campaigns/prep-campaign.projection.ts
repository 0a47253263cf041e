import type { EventEnvelope, PrepCampaignCreated } from '@switchboard/contracts';
import type pg from 'pg';

/** `prep_campaigns`. */
export const prepCampaignProjection = (schema: string) => async (events: EventEnvelope[], tx: pg.PoolClient) => {
  for (const event of events) {
    const p = event.payload as PrepCampaignCreated;
    await tx.query(
      `INSERT INTO "${schema}".prep_campaigns (campaign_id, name, offering, target_customer, pain_points, own_domains, owner_email, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [p.campaignId, p.name, p.offering, p.targetCustomer, JSON.stringify(p.painPoints), JSON.stringify(p.ownDomains), p.ownerEmail, event.occurredAt],
    );
  }
};

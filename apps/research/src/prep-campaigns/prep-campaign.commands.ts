import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { newEventId, type PrepCampaignCreated } from '@switchboard/contracts';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { asCommandError } from '../research-rule-violation.js';
import { PrepCampaigns } from '../research.aggregates.js';

export type PrepCampaignView = Omit<PrepCampaignCreated, 'campaignId'> & { id: string; createdAt: string };

/** Prep campaigns: the context briefs are written for. Its id is the correlation id of its workflow. */
@Controller()
export class PrepCampaignCommands {
  constructor(
    private readonly campaigns: PrepCampaigns,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('research.prep-campaign.create')
  async create(@Payload() command: Omit<PrepCampaignCreated, 'campaignId'>): Promise<PrepCampaignView> {
    const campaignId = newEventId();
    await this.campaigns
      .execute(campaignId, { type: 'create', campaignId, ...command }, { cause: { correlationId: campaignId } })
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.get({ campaignId });
  }

  @OnCommand('research.prep-campaign.get')
  async get(@Payload() query: { campaignId: string }): Promise<PrepCampaignView> {
    const { rows } = await this.pool.query<PrepCampaignView>(
      `SELECT campaign_id AS id, name, offering, target_customer AS "targetCustomer", pain_points AS "painPoints", own_domains AS "ownDomains",
         owner_email AS "ownerEmail", created_at AS "createdAt" FROM "${this.schema}".prep_campaigns WHERE campaign_id = $1`,
      [query.campaignId],
    );
    if (!rows[0]) throw CommandError.notFound(`prep campaign ${query.campaignId}`);
    return rows[0];
  }
}

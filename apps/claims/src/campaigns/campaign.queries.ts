import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface HypothesisSummary {
  id: string;
  key: string;
  statement: string;
  status: string;
  conclusion: string | null;
  averageConfidence: number | null;
  claims: number;
  validationPending: boolean;
}

export interface CampaignView {
  id: string;
  name: string;
  status: string;
  checklist: string[];
  contacts: number;
  createdAt: string;
  launchedAt: string | null;
  completedAt: string | null;
  claims: number;
  hypotheses: HypothesisSummary[];
}

/** A campaign as the API shows it, from the claims read model. */
@Controller()
@Injectable()
export class CampaignQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('claims.campaign.get')
  async get(@Payload() query: { campaignId: string }): Promise<CampaignView> {
    const s = `"${this.schema}"`;
    const [campaign, hypotheses] = await Promise.all([
      this.pool.query(
        `SELECT campaign_id AS id, name, status, checklist, contacts, created_at AS "createdAt", launched_at AS "launchedAt",
           completed_at AS "completedAt", (SELECT count(*)::int FROM ${s}.claims WHERE campaign_id = $1) AS claims
         FROM ${s}.campaigns WHERE campaign_id = $1`,
        [query.campaignId],
      ),
      this.pool.query<HypothesisSummary>(
        `SELECT h.hypothesis_id AS id, h.key, h.statement, h.status, h.conclusion, h.average_confidence AS "averageConfidence",
           h.validation_pending AS "validationPending", (SELECT count(*)::int FROM ${s}.claims c WHERE c.hypothesis_id = h.hypothesis_id) AS claims
         FROM ${s}.hypotheses h WHERE h.campaign_id = $1 ORDER BY h.position`,
        [query.campaignId],
      ),
    ]);
    if (!campaign.rows[0]) throw CommandError.notFound(`campaign ${query.campaignId}`);
    return { ...campaign.rows[0], hypotheses: hypotheses.rows };
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { newEventId, type Prospect } from '@switchboard/contracts';
import { withTransaction } from '@switchboard/event-store';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { asCommandError } from '../research-rule-violation.js';
import { Meetings, ResearchRuns } from '../research.aggregates.js';

export interface ResearchView {
  id: string;
  campaignId: string;
  meetingId: string | null;
  status: string;
  failedStep: string | null;
  reason: string | null;
  briefId: string | null;
  requestedAt: string;
}

/** Research by REST: ad hoc (a list of prospects), a meeting's again (retry), a run's status, a brief with its sources. */
@Controller()
export class ResearchCommands {
  constructor(
    private readonly runs: ResearchRuns,
    private readonly meetings: Meetings,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('research.research.request')
  async request(@Payload() command: { campaignId: string; prospects: Prospect[] }): Promise<ResearchView> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM "${this.schema}".prep_campaigns WHERE campaign_id = $1`, [command.campaignId]);
    if (!rowCount) throw CommandError.notFound(`prep campaign ${command.campaignId}`);
    const researchId = newEventId();
    const prospects = command.prospects.map((p) => ({ ...p, email: p.email.toLowerCase(), companyDomain: p.companyDomain.toLowerCase() }));
    await this.runs.execute(researchId, { type: 'request', researchId, campaignId: command.campaignId, prospects }, { cause: { correlationId: command.campaignId } });
    return this.get({ researchId });
  }

  @OnCommand('research.meetings.research')
  async retry(@Payload() command: { meetingId: string }): Promise<ResearchView> {
    const { rows } = await this.pool.query<{ campaignId: string; researchStatus: string | null }>(
      `SELECT campaign_id AS "campaignId", research_status AS "researchStatus" FROM "${this.schema}".meetings WHERE meeting_id = $1`,
      [command.meetingId],
    );
    if (!rows[0]) throw CommandError.notFound(`meeting ${command.meetingId}`);
    if (rows[0].researchStatus === 'pending' || rows[0].researchStatus === 'generating') throw new CommandError('CONFLICT', `research of meeting ${command.meetingId} is ${rows[0].researchStatus}`);
    const researchId = newEventId();
    await withTransaction(this.pool, async (tx) => {
      const cause = { tx, cause: { correlationId: rows[0].campaignId } };
      const { state } = await this.meetings.execute(command.meetingId, { type: 'request-research', researchId }, cause).catch((e) => Promise.reject(asCommandError(e)));
      await this.runs.execute(researchId, { type: 'request', researchId, campaignId: rows[0].campaignId, meetingId: command.meetingId, prospects: state.details!.prospects }, cause);
    });
    return this.get({ researchId });
  }

  @OnCommand('research.research.get')
  async get(@Payload() query: { researchId: string }): Promise<ResearchView> {
    const { rows } = await this.pool.query<ResearchView>(
      `SELECT research_id AS id, campaign_id AS "campaignId", meeting_id AS "meetingId", status, failed_step AS "failedStep", failure_reason AS reason,
         brief_id AS "briefId", requested_at AS "requestedAt" FROM "${this.schema}".research_runs WHERE research_id = $1`,
      [query.researchId],
    );
    if (!rows[0]) throw CommandError.notFound(`research ${query.researchId}`);
    return rows[0];
  }

  @OnCommand('research.briefs.get')
  async brief(@Payload() query: { briefId: string }): Promise<unknown> {
    const s = `"${this.schema}"`;
    const [{ rows }, { rows: sources }] = await Promise.all([
      this.pool.query(
        `SELECT brief_id AS id, research_id AS "researchId", meeting_id AS "meetingId", content, cached_companies AS "cachedCompanies", created_at AS "createdAt"
         FROM ${s}.briefs WHERE brief_id = $1`,
        [query.briefId],
      ),
      this.pool.query(`SELECT url, about FROM ${s}.brief_sources WHERE brief_id = $1 ORDER BY about, url`, [query.briefId]),
    ]);
    if (!rows[0]) throw CommandError.notFound(`brief ${query.briefId}`);
    return { ...rows[0], sources };
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface MeetingView {
  id: string;
  campaignId: string;
  title: string;
  startsAt: string;
  endsAt: string | null;
  status: string;
  research: { id: string; status: string; failedStep: string | null; reason: string | null; briefId: string | null } | null;
  prospects?: { email: string; name: string | null; companyDomain: string; lastResearchedAt: string | null }[];
}

const PAGE = 200;

/** Meetings as the API shows them: listed by campaign and date, one with its prospects and research. */
@Controller()
export class MeetingQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  private select(where: string): string {
    const s = `"${this.schema}"`;
    return `SELECT m.meeting_id AS id, m.campaign_id AS "campaignId", m.title, m.starts_at AS "startsAt", m.ends_at AS "endsAt", m.status,
        CASE WHEN r.research_id IS NULL THEN NULL ELSE json_build_object('id', r.research_id, 'status', r.status, 'failedStep', r.failed_step,
          'reason', r.failure_reason, 'briefId', r.brief_id) END AS research
      FROM ${s}.meetings m LEFT JOIN ${s}.research_runs r ON r.research_id = m.research_id WHERE ${where}`;
  }

  @OnCommand('research.meetings.list')
  async list(@Payload() query: { campaignId: string; from?: string; to?: string }): Promise<MeetingView[]> {
    const { rows } = await this.pool.query<MeetingView>(
      `${this.select('m.campaign_id = $1 AND ($2::timestamptz IS NULL OR m.starts_at >= $2) AND ($3::timestamptz IS NULL OR m.starts_at < $3)')}
       ORDER BY m.starts_at, m.meeting_id LIMIT ${PAGE}`,
      [query.campaignId, query.from ?? null, query.to ?? null],
    );
    return rows;
  }

  @OnCommand('research.meetings.get')
  async get(@Payload() query: { meetingId: string }): Promise<MeetingView> {
    const s = `"${this.schema}"`;
    const [{ rows }, { rows: prospects }] = await Promise.all([
      this.pool.query<MeetingView>(this.select('m.meeting_id = $1'), [query.meetingId]),
      this.pool.query(
        `SELECT p.email, p.name, p.company_domain AS "companyDomain", x.researched_at AS "lastResearchedAt"
         FROM ${s}.meeting_prospects p LEFT JOIN ${s}.prospects_researched x ON x.email = p.email WHERE p.meeting_id = $1 ORDER BY p.email`,
        [query.meetingId],
      ),
    ]);
    if (!rows[0]) throw CommandError.notFound(`meeting ${query.meetingId}`);
    return { ...rows[0], prospects: prospects as MeetingView['prospects'] };
  }
}

import {
  type EventEnvelope,
  type ResearchCompleted,
  researchCompleted,
  type ResearchFailed,
  researchFailed,
  type ResearchRequested,
  researchRequested,
} from '@switchboard/contracts';
import type pg from 'pg';
import type { ResearchStatus } from './research-run.decider.js';

const STATUS: Record<string, ResearchStatus> = {
  'research.research-run.started': 'generating',
  'research.research-run.completed': 'ready',
  'research.research-run.failed': 'failed',
  'research.research-run.canceled': 'canceled',
};

/** `research_runs`, the meeting's research status, and once ready: `briefs`, `brief_sources`, `prospects_researched`. */
export const researchRunProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const researchId = (event.payload as { researchId: string }).researchId;
      if (event.type === researchRequested.type) {
        const p = event.payload as ResearchRequested;
        await tx.query(
          `INSERT INTO ${s}.research_runs (research_id, campaign_id, meeting_id, prospects, status, requested_at, updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $5)`,
          [p.researchId, p.campaignId, p.meetingId ?? null, JSON.stringify(p.prospects), event.occurredAt],
        );
        continue;
      }
      const status = STATUS[event.type];
      const failed = event.type === researchFailed.type ? (event.payload as ResearchFailed) : undefined;
      const completed = event.type === researchCompleted.type ? (event.payload as ResearchCompleted) : undefined;
      await tx.query(
        `UPDATE ${s}.research_runs SET status = $2, failed_step = $3, failure_reason = $4, brief_id = $5, updated_at = $6 WHERE research_id = $1`,
        [researchId, status, failed?.step ?? null, failed?.reason ?? null, completed?.briefId ?? null, event.occurredAt],
      );
      await tx.query(`UPDATE ${s}.meetings SET research_status = $2 WHERE research_id = $1`, [researchId, status]);
      if (completed) {
        const { rows } = await tx.query<{ meeting_id: string | null; prospects: { email: string }[] }>(
          `SELECT meeting_id, prospects FROM ${s}.research_runs WHERE research_id = $1`,
          [researchId],
        );
        await tx.query(`INSERT INTO ${s}.briefs (brief_id, research_id, meeting_id, content, cached_companies, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
          completed.briefId,
          researchId,
          rows[0]?.meeting_id ?? null,
          JSON.stringify(completed.brief),
          JSON.stringify(completed.cachedCompanies),
          event.occurredAt,
        ]);
        await tx.query(
          `INSERT INTO ${s}.brief_sources (brief_id, url, about) SELECT $1, * FROM unnest($2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
          [completed.briefId, completed.sources.map((x) => x.url), completed.sources.map((x) => x.about)],
        );
        await tx.query(
          `INSERT INTO ${s}.prospects_researched (email, researched_at) SELECT unnest($1::text[]), $2
           ON CONFLICT (email) DO UPDATE SET researched_at = EXCLUDED.researched_at`,
          [(rows[0]?.prospects ?? []).map((p) => p.email), event.occurredAt],
        );
      }
    }
  };
};

import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type { ScoredCallView, ScoringJobView, ScoringJobViewStatus } from '@switchboard/contracts';
import pg from 'pg';

const usageSum = (column: 'inputTokens' | 'outputTokens' | 'costUsd', cast: string) =>
  `coalesce(sum(coalesce((c.silver_usage->>'${column}')::${cast}, 0) + coalesce((c.gold_usage->>'${column}')::${cast}, 0)), 0)`;

/** Scoring jobs and their calls as the API shows them, from the claims read model. */
@Controller()
@Injectable()
export class ScoringJobQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('claims.scoring.job.get')
  async get(@Payload() query: { jobId: string }): Promise<ScoringJobView> {
    const [job] = await this.views('j.job_id = $1', [query.jobId]);
    if (!job) throw CommandError.notFound(`scoring job ${query.jobId}`);
    return job;
  }

  /** Newest first; `before` is the createdAt of the last job of the previous page. */
  @OnCommand('claims.scoring.job.list')
  list(@Payload() query: { limit: number; before?: string }): Promise<ScoringJobView[]> {
    return query.before ? this.views('j.created_at < $1', [query.before], query.limit) : this.views('true', [], query.limit);
  }

  @OnCommand('claims.scoring.job.results')
  async results(@Payload() query: { jobId: string; offset: number; limit: number }): Promise<{ total: number; calls: ScoredCallView[] }> {
    const job = await this.get(query);
    const { rows } = await this.pool.query<ScoredCallView>(
      `SELECT call_id AS id, row_number AS row, external_id AS "externalId", agent, call_date AS date, duration_seconds AS "durationSeconds",
         status, verdict, extraction, scores, overall, coaching, failure,
         json_build_object('silver', silver_cached, 'gold', gold_cached) AS cached,
         coalesce((silver_usage->>'costUsd')::float8, 0) + coalesce((gold_usage->>'costUsd')::float8, 0) AS "costUsd"
       FROM "${this.schema}".scoring_calls WHERE job_id = $1 ORDER BY row_number OFFSET $2 LIMIT $3`,
      [query.jobId, query.offset, query.limit],
    );
    return { total: job.calls.received, calls: rows };
  }

  async failedCallIds(jobId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ call_id: string }>(`SELECT call_id FROM "${this.schema}".scoring_calls WHERE job_id = $1 AND status = 'FAILED'`, [jobId]);
    return rows.map((r) => r.call_id);
  }

  private async views(where: string, params: unknown[], limit = 1): Promise<ScoringJobView[]> {
    const s = `"${this.schema}"`;
    const count = (condition: string) => `(count(*) FILTER (WHERE ${condition}))::int`;
    const { rows } = await this.pool.query<ScoringJobView & { openStatus: string; final: number }>(
      `SELECT j.job_id AS id, j.file_name AS "fileName", j.status AS "openStatus", j.silver_model AS "silverModel", j.gold_model AS "goldModel",
         j.rubric, j.created_at AS "createdAt", j.finished_at AS "finishedAt", j.failure, j.skipped_rows AS "skippedRows", j.more_skipped AS "moreSkippedRows",
         json_build_object('total', j.total_calls, 'received', count(c.call_id)::int, 'queued', ${count(`c.status = 'QUEUED'`)},
           'triaged', ${count(`c.status = 'TRIAGED'`)}, 'skipped', ${count(`c.status = 'SKIPPED'`)}, 'scored', ${count(`c.status = 'SCORED'`)},
           'failed', ${count(`c.status = 'FAILED'`)}, 'canceled', ${count(`c.status = 'CANCELED'`)}) AS calls,
         json_build_object('silver', ${count('c.silver_cached')}, 'gold', ${count('c.gold_cached')}) AS "cacheHits",
         json_build_object('input', ${usageSum('inputTokens', 'bigint')}, 'output', ${usageSum('outputTokens', 'bigint')}) AS tokens,
         ${usageSum('costUsd', 'float8')} AS "costUsd"
       FROM ${s}.scoring_jobs j LEFT JOIN ${s}.scoring_calls c ON c.job_id = j.job_id
       WHERE ${where} GROUP BY j.job_id ORDER BY j.created_at DESC, j.job_id LIMIT ${Number(limit)}`,
      params,
    );
    return rows.map(({ openStatus, ...job }) => ({ ...job, tokens: { input: Number(job.tokens.input), output: Number(job.tokens.output) }, ...this.progress(openStatus, job) }));
  }

  private progress(openStatus: string, job: Omit<ScoringJobView, 'status' | 'etaSeconds'>): Pick<ScoringJobView, 'status' | 'etaSeconds'> {
    if (openStatus !== 'OPEN') return { status: openStatus as ScoringJobViewStatus, etaSeconds: null };
    const { total, received, queued, triaged, skipped, scored, failed, canceled } = job.calls;
    const final = skipped + scored + failed + canceled;
    const started = received === total && (final > 0 || triaged > 0 || queued < received);
    if (!started || final === 0) return { status: started ? 'PROCESSING' : 'PENDING', etaSeconds: null };
    const elapsed = (Date.now() - new Date(job.createdAt).getTime()) / 1000;
    return { status: 'PROCESSING', etaSeconds: Math.round(((total - final) * elapsed) / final) };
  }
}

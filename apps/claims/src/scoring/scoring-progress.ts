import { Inject, Injectable } from '@nestjs/common';
import type { Cause } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { ScoringJobs } from './scoring.aggregates.js';

/**
 * Is the job done: run by every step that makes a call final, under the job's transaction lock
 * (taken before the step's writes), so two calls finishing at once cannot each miss the other.
 */
@Injectable()
export class ScoringProgress {
  constructor(
    private readonly jobs: ScoringJobs,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async lock(jobId: string, tx: pg.PoolClient): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`scoring-job:${jobId}`]);
  }

  /**
   * Whether the job takes no more model calls: canceled, or failed because its upload stopped
   * (read committed: either is seen as soon as it commits).
   */
  async stopped(jobId: string, tx: pg.PoolClient): Promise<boolean> {
    const { rows } = await tx.query<{ status: string }>(`SELECT status FROM "${this.schema}".scoring_jobs WHERE job_id = $1`, [jobId]);
    return rows[0]?.status === 'CANCELED' || rows[0]?.status === 'FAILED';
  }

  async finishIfDone(jobId: string, tx: pg.PoolClient, cause: Cause): Promise<void> {
    const { rows } = await tx.query<{ total: number; queued: number; open: number; failed: number; status: string }>(
      `SELECT j.total_calls AS total, j.status,
         count(c.call_id)::int AS queued,
         (count(*) FILTER (WHERE c.status IN ('QUEUED', 'TRIAGED')))::int AS open,
         (count(*) FILTER (WHERE c.status = 'FAILED'))::int AS failed
       FROM "${this.schema}".scoring_jobs j LEFT JOIN "${this.schema}".scoring_calls c ON c.job_id = j.job_id
       WHERE j.job_id = $1 GROUP BY j.job_id`,
      [jobId],
    );
    const job = rows[0];
    if (!job || job.status !== 'OPEN' || job.queued < job.total || job.open > 0) return;
    await this.jobs.execute(jobId, { type: 'finish', outcome: job.failed > 0 ? 'COMPLETED_WITH_FAILURES' : 'COMPLETED' }, { tx, cause });
  }
}

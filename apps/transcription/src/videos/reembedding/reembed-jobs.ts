import {
  type EventEnvelope,
  reembedJobCompleted,
  reembedJobStarted,
  type ReembedJobStarted,
  reembedJobVideoFinished,
  type ReembedJobVideoFinished,
  reembedJobVideoRequested,
} from '@switchboard/contracts';
import { AggregateHandler, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { type ReembedJobCommand, reembedJobDecider, type ReembedJobEvent, type ReembedJobState } from './reembed-job.decider.js';

export const reembedJobStream = (jobId: string): string => `reembed-job-${jobId}`;

/** The `reembed_jobs` table: a job's progress as counts. */
const reembedJobProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const { jobId } = event.payload as { jobId: string };
      if (event.type === reembedJobStarted.type) {
        const p = event.payload as ReembedJobStarted;
        await tx.query(`INSERT INTO ${s}.reembed_jobs (job_id, selector, total, status, created_at, updated_at) VALUES ($1, $2, $3, 'RUNNING', $4, $4) ON CONFLICT DO NOTHING`, [
          jobId,
          p.selector,
          p.videoIds.length,
          event.occurredAt,
        ]);
      } else if (event.type === reembedJobVideoRequested.type) {
        await tx.query(`UPDATE ${s}.reembed_jobs SET requested = requested + 1, updated_at = $2 WHERE job_id = $1`, [jobId, event.occurredAt]);
      } else if (event.type === reembedJobVideoFinished.type) {
        const { outcome } = event.payload as ReembedJobVideoFinished;
        await tx.query(`UPDATE ${s}.reembed_jobs SET ${outcome} = ${outcome} + 1, updated_at = $2 WHERE job_id = $1`, [jobId, event.occurredAt]);
      } else if (event.type === reembedJobCompleted.type) {
        await tx.query(`UPDATE ${s}.reembed_jobs SET status = 'COMPLETED', updated_at = $2 WHERE job_id = $1`, [jobId, event.occurredAt]);
      }
    }
  };
};

/** The ReembedJob aggregate. */
export class ReembedJobs extends AggregateHandler<ReembedJobCommand, ReembedJobEvent, ReembedJobState> {
  static provider = {
    provide: ReembedJobs,
    inject: [EventStore, SERVICE_SCHEMA],
    useFactory: (store: EventStore, schema: string) => new ReembedJobs(store, reembedJobDecider, reembedJobStream, reembedJobProjection(schema)),
  };
}

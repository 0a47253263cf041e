import { type EventEnvelope, scoringJobCallsReceived, scoringJobCreated, scoringJobUploadDue } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { AggregateHandler, type Cause, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { ClaimsConfig } from '../claims.config.js';
import { type ScoringCallCommand, scoringCallDecider, type ScoringCallEvent, type ScoringCallState } from './scoring-call.decider.js';
import { type ScoringJobCommand, scoringJobDecider, type ScoringJobEvent, type ScoringJobState } from './scoring-job.decider.js';
import { scoringCallProjection, scoringJobProjection } from './scoring.projections.js';

export const scoringJobStream = (jobId: string) => `scoring-job-${jobId}`;
export const scoringCallStream = (callId: string) => `scoring-call-${callId}`;

type ExecuteOptions = { tx?: pg.PoolClient; cause?: Cause; trace?: { traceparent?: string; tracestate?: string } };

/**
 * The ScoringJob aggregate. A job's calls come from the gateway in batches after it is created, and
 * a gateway that dies between batches would leave it waiting forever: creating a job starts its
 * upload deadline (a durable timer, in the same transaction), and its last call arriving ends it.
 */
export class ScoringJobs extends AggregateHandler<ScoringJobCommand, ScoringJobEvent, ScoringJobState> {
  constructor(
    store: EventStore,
    schema: string,
    private readonly timers: DurableTimers,
    private readonly uploadDeadlineMs: number,
  ) {
    super(store, scoringJobDecider, scoringJobStream, scoringJobProjection(schema));
  }

  override async execute(id: string, command: ScoringJobCommand, options: ExecuteOptions = {}): Promise<{ state: ScoringJobState; events: EventEnvelope[] }> {
    const result = await super.execute(id, command, options);
    // Without a transaction, the base class ran this method again inside one of its own, which followed them.
    if (options.tx) await this.followUpload(id, result, options.tx);
    return result;
  }

  private async followUpload(jobId: string, { state, events }: { state: ScoringJobState; events: EventEnvelope[] }, tx: pg.PoolClient): Promise<void> {
    const key = `scoring-upload-${jobId}`;
    for (const event of events) {
      if (event.type === scoringJobCreated.type && (state.expected ?? 0) > 0) {
        const due = { key, streamId: scoringJobStream(jobId), event: scoringJobUploadDue.create({ jobId }), correlationId: event.correlationId };
        await this.timers.scheduleAfter(due, this.uploadDeadlineMs, tx);
      }
      if (event.type === scoringJobCallsReceived.type && (state.received ?? 0) >= (state.expected ?? 0)) await this.timers.cancel(key, tx);
    }
  }
}

export class ScoringCalls extends AggregateHandler<ScoringCallCommand, ScoringCallEvent, ScoringCallState> {}

/** The scoring feature's two aggregates, each with its read model. */
export const scoringAggregates = [
  {
    provide: ScoringJobs,
    inject: [EventStore, SERVICE_SCHEMA, DurableTimers, ClaimsConfig],
    useFactory: (store: EventStore, schema: string, timers: DurableTimers, config: ClaimsConfig) => new ScoringJobs(store, schema, timers, config.SCORING_UPLOAD_DEADLINE_MS),
  },
  {
    provide: ScoringCalls,
    inject: [EventStore, SERVICE_SCHEMA],
    useFactory: (store: EventStore, schema: string) => new ScoringCalls(store, scoringCallDecider, scoringCallStream, scoringCallProjection(schema)),
  },
];

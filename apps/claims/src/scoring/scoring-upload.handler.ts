import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ScoringJobUploadDue, scoringJobUploadDue } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { ScoringJobs } from './scoring.aggregates.js';
import { ScoringProgress } from './scoring-progress.js';

/**
 * A job whose upload died between batches (the gateway stopped, or lost the client) would stay
 * PENDING forever: at its upload deadline it fails, naming how many of its rows arrived. The calls
 * that did arrive end as they are: final ones keep their results, open ones end CANCELED.
 */
@Controller()
export class ScoringUploadHandler {
  constructor(
    private readonly jobs: ScoringJobs,
    private readonly progress: ScoringProgress,
  ) {}

  @OnEvent(scoringJobUploadDue, { durable: 'claims-scoring-uploads' })
  async expire(@Payload() event: EventEnvelope<ScoringJobUploadDue>, @Ctx() context: EventContext): Promise<void> {
    // The job's lock: a batch being queued now is counted whole, or not at all.
    await this.progress.lock(event.payload.jobId, context.tx);
    await this.jobs.execute(event.payload.jobId, { type: 'expire-upload' }, { tx: context.tx, cause: event });
  }
}

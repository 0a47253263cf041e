import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@switchboard/contracts';
import type { EventContext } from '../consumer/event-handler.js';
import { startEventing } from '../module/start-eventing.js';
import { OnEvent } from '../transport/handler.decorators.js';
import { workerImports, workerSchema, type WorkerSettings } from './worker.app.js';
import { type JobQueued, jobQueued } from './worker.events.js';

/** 2 starts per 2 s per key, at most 2 deliveries in hand across replicas: one key's backlog outgrows it at once. */
export const FAIR_RATE = { limit: 2, windowMs: 2_000, deferAfterMs: 300 };

@Controller()
class FairJobHandlers {
  static schema = '';

  @OnEvent(jobQueued, {
    durable: 'worker-fair-jobs',
    ordered: false,
    concurrency: 2,
    maxAckPending: 2,
    ackWaitMs: 3_000,
    retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 400, jitter: 0 },
    rateLimit: { key: (event) => (event.payload as JobQueued).key, ...FAIR_RATE },
  })
  /** Jobs of a `flaky-` key fail their first attempt. */
  async onJobQueued(@Payload() event: EventEnvelope<JobQueued>, @Ctx() context: EventContext): Promise<void> {
    if (event.payload.key.startsWith('flaky-') && context.attempt === 1) throw new Error(`transient failure of ${event.payload.jobId}`);
    const startedAt = new Date();
    await new Promise((resolve) => setTimeout(resolve, event.payload.workMs));
    await context.tx.query(
      `INSERT INTO "${FairJobHandlers.schema}".jobs (job_id, key, started_at, finished_at, pid) VALUES ($1, $2, $3, clock_timestamp(), $4)`,
      [event.payload.jobId, event.payload.key, startedAt, process.pid],
    );
  }
}

/** A service whose only handler is rate limited per key, for the fairness tests (schema from prepareWorkerSchema). */
export async function startFairWorker(settings: WorkerSettings): Promise<INestApplication> {
  FairJobHandlers.schema = workerSchema(settings.namespace);

  @Module({ imports: workerImports(settings, 'fair-worker', 10), controllers: [FairJobHandlers] })
  class FairWorkerModule {}

  const app = await NestFactory.create(FairWorkerModule, { logger: ['error', 'warn'], abortOnError: false });
  await startEventing(app, { wait: true });
  return app;
}

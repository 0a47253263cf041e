import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, newEventId, type ResearchRequested, researchRequested, type ResearchStarted, researchStarted } from '@switchboard/contracts';
import { TimeoutError, withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { ResearchRuns } from '../research.aggregates.js';
import { ResearchPipeline, StepFailure } from './research-pipeline.js';

/** The whole run, every step and wait included. */
export const RUN_DEADLINE_MS = 5 * 60_000;
/** Runs at once per replica (each holds a database connection while its providers answer). */
const RUNS_PER_REPLICA = Number(process.env.RESEARCH_CONCURRENCY ?? 4);

/**
 * Research runs in two steps: `requested` -> `started` (generating, on record before any provider
 * is asked), then the pipeline, which ends the run `completed` (brief and sources, in one event,
 * appended once) or `failed` naming the step. A run killed midway is redelivered and runs again;
 * the decider appends its end once.
 */
@Controller()
export class ResearchRunHandler {
  constructor(
    private readonly runs: ResearchRuns,
    private readonly pipeline: ResearchPipeline,
  ) {}

  @OnEvent(researchRequested, { durable: 'research-run-start', concurrency: 8 })
  async start(@Payload() event: EventEnvelope<ResearchRequested>, @Ctx() context: EventContext): Promise<void> {
    await this.runs.execute(event.payload.researchId, { type: 'start' }, { tx: context.tx, cause: event });
  }

  @OnEvent(researchStarted, {
    durable: 'research-runs',
    concurrency: RUNS_PER_REPLICA,
    ordered: false,
    retry: { attempts: 3, baseDelayMs: 5_000, maxDelayMs: 30_000, jitter: 0.2 },
    ackWaitMs: 30_000,
  })
  async run(@Payload() event: EventEnvelope<ResearchStarted>, @Ctx() context: EventContext): Promise<void> {
    const { researchId } = event.payload;
    const cause = { tx: context.tx, cause: event };
    const { state } = await this.runs.load(researchId, context.tx);
    if (state.status !== 'generating') return; // ended (or canceled) meanwhile
    try {
      const outcome = await withTimeout('research run', RUN_DEADLINE_MS, (signal) => this.pipeline.run(state.request!, signal));
      await this.runs.execute(researchId, { type: 'complete', briefId: newEventId(), ...outcome, brief: { ...outcome.brief } }, cause);
    } catch (error) {
      if (error instanceof StepFailure) {
        await this.runs.execute(researchId, { type: 'fail', step: error.step, reason: error.message }, cause);
      } else if (error instanceof TimeoutError) {
        await this.runs.execute(researchId, { type: 'fail', step: 'deadline', reason: error.message }, cause);
      } else if (context.willRetry(error)) {
        throw error;
      } else {
        // Outside every step (storing the outcome): a run is never left generating.
        await this.runs.execute(researchId, { type: 'fail', step: 'internal', reason: (error as Error).message.slice(0, 1_000) }, cause);
      }
    }
  }
}

import { Injectable } from '@nestjs/common';
import type { EventEnvelope, ModelUsage } from '@switchboard/contracts';
import { RateLimiter } from '@switchboard/durable';
import type { EventContext } from '@switchboard/eventing';
import { InvalidModelOutputError } from '@switchboard/providers';
import { AnalysisCache } from './analysis-cache.js';
import type { ScoringCallCommand, ScoringCallStatus } from './scoring-call.decider.js';
import { ScoringCalls } from './scoring.aggregates.js';
import { ScoringProgress } from './scoring-progress.js';
import { stageRate } from './scoring-policy.js';

/** Where an answer came from, as the recorded event keeps it. */
export interface AnswerMeta {
  usage: ModelUsage;
  cached: boolean;
  cacheKey: string;
}

export interface StagePlan<A> {
  stage: 'silver' | 'gold';
  /** The call status this stage runs from; any other means it ran already (or the call is final). */
  from: ScoringCallStatus;
  cacheKey: string;
  model: string;
  ask(): Promise<{ value: A; usage: ModelUsage }>;
  /** The command recording the answer, whether it came from the model or the cache. */
  record(answer: A, meta: AnswerMeta): ScoringCallCommand;
  /** Whether the recorded answer makes the call final (a skipped triage, a score). */
  final(answer: A): boolean;
}

/**
 * One durable step of one call: the model call happens while this delivery holds the event, and
 * its answer is recorded (with the cache entry) in the delivery's transaction, so a crash loses the
 * answer in flight and nothing else. A stopped job's call (canceled, or its upload failed) ends
 * CANCELED before any model call.
 */
@Injectable()
export class ScoringStep {
  constructor(
    private readonly calls: ScoringCalls,
    private readonly cache: AnalysisCache,
    private readonly progress: ScoringProgress,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async run<A>(event: EventEnvelope<{ callId: string; jobId: string }>, context: EventContext, plan: StagePlan<A>): Promise<void> {
    const { callId, jobId } = event.payload;
    const { tx } = context;
    const cause = event;
    if ((await this.calls.load(callId, tx)).state.status !== plan.from) return;
    if (await this.progress.stopped(jobId, tx)) return this.finalize(jobId, callId, { type: 'cancel' }, context, cause);
    const cached = await this.cache.lockAndGet<A>(plan.cacheKey, tx);
    if (cached !== undefined) {
      const command = plan.record(cached, { usage: { model: plan.model, inputTokens: 0, outputTokens: 0, costUsd: 0 }, cached: true, cacheKey: plan.cacheKey });
      return plan.final(cached) ? this.finalize(jobId, callId, command, context, cause) : void (await this.calls.execute(callId, command, { tx, cause }));
    }
    const rate = stageRate(plan.stage);
    await this.rateLimiter.start(rate.key, rate);
    // Checked again right before the model is asked: a stop ends new model calls, also those that waited for a slot.
    if (await this.progress.stopped(jobId, tx)) return this.finalize(jobId, callId, { type: 'cancel' }, context, cause);
    let answer: { value: A; usage: ModelUsage };
    try {
      answer = await plan.ask();
    } catch (error) {
      // Invalid output was already sent back twice (the adapter's repairs): the call fails with the reason.
      if (!(error instanceof InvalidModelOutputError) && context.willRetry(error)) throw error;
      return this.finalize(jobId, callId, { type: 'fail', stage: plan.stage, reason: (error as Error).message.slice(0, 1_000) }, context, cause);
    }
    const command = plan.record(answer.value, { usage: answer.usage, cached: false, cacheKey: plan.cacheKey });
    if (plan.final(answer.value)) return this.finalize(jobId, callId, command, context, cause);
    await this.calls.execute(callId, command, { tx, cause });
  }

  private async finalize(jobId: string, callId: string, command: ScoringCallCommand, context: EventContext, cause: EventEnvelope): Promise<void> {
    await this.progress.lock(jobId, context.tx);
    await this.calls.execute(callId, command, { tx: context.tx, cause });
    await this.progress.finishIfDone(jobId, context.tx, cause);
  }
}

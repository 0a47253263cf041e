import type { RateLimit } from '@switchboard/durable';
import type { EventHandlerOptions } from '@switchboard/eventing';

// Handler options are static, so flow control is read from the environment when the module loads
// (ClaimsConfig validates the same variables at start-up).
const setting = (name: string, fallback: number) => Number(process.env[name] || fallback);

/**
 * Each step holds a connection of the handlers' pool (at most 16) while its model answers: 4 silver
 * and 10 gold leave room for the rest of claims. Silver at 4 (0.5 s) still outpaces gold at 10 (3 s).
 */
const SILVER_DEFAULT = 4;

/** 3 retries with backoff; a 429's Retry-After replaces the backoff (the consumer honours RetryAfterError). */
const RETRY = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 15_000, jitter: 0.2 };

/**
 * A stage's consumer: `concurrency` steps at once per stage's model (silver's small one; gold's
 * large ones share one cap) across replicas. A replica takes no more in hand than the cap: a
 * message in hand waiting for a slot polls the lease table every 25 ms, which costs the database
 * more than pulling the next message when a step ends.
 */
export function stagePolicy(stage: 'silver' | 'gold'): EventHandlerOptions {
  const concurrency = setting(`SCORING_${stage.toUpperCase()}_CONCURRENCY`, stage === 'silver' ? SILVER_DEFAULT : 10);
  return {
    durable: `claims-scoring-${stage}`,
    ordered: false,
    concurrency,
    keyConcurrency: { key: () => `scoring:${stage}`, limit: concurrency },
    retry: RETRY,
  };
}

/**
 * Requests a minute to the stage's model, across replicas (per SCORING_RATE_WINDOW_MS, which
 * tests scale down). Taken by the step right before a model
 * call, not as the consumer's rate limit: an answer from the cache costs no request, and must not
 * wait for one (a sheet scored again is all cache hits).
 */
export function stageRate(stage: 'silver' | 'gold'): RateLimit & { key: string } {
  const limit = setting(`SCORING_${stage.toUpperCase()}_RPM`, stage === 'silver' ? 1_000 : 300);
  return { key: `scoring-requests:${stage}`, limit, windowMs: setting('SCORING_RATE_WINDOW_MS', 60_000) };
}

/** How long one model call may take, repairs of invalid answers included. */
export const MODEL_TIMEOUT_MS = 180_000;

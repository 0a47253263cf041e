import { NonRetriableError, RetryAfterError } from '../errors/workflow-errors.js';

export interface RetryPolicy {
  /** Total tries including the first (3 = one try and two retries). */
  attempts: number;
  /** Delay before the first retry; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Fraction of the delay randomised (0.2 = +-20%), so retries of a burst spread out. */
  jitter: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 10_000, jitter: 0.2 };

export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'give-up'; reason: 'non-retriable' | 'attempts-exhausted' };

/**
 * What to do after `attempt` (1-based) failed with `error`: NonRetriableError gives up at once,
 * RetryAfterError waits exactly what it says, anything else backs off exponentially.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  error: unknown,
  random: () => number = Math.random,
): RetryDecision {
  if (error instanceof NonRetriableError) return { action: 'give-up', reason: 'non-retriable' };
  if (attempt >= policy.attempts) return { action: 'give-up', reason: 'attempts-exhausted' };
  if (error instanceof RetryAfterError) return { action: 'retry', delayMs: error.retryAfterMs };
  return { action: 'retry', delayMs: backoffDelay(policy, attempt, random) };
}

export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const spread = exponential * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(exponential + spread));
}

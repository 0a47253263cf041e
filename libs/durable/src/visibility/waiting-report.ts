import type pg from 'pg';
import { type ConcurrencyState, KeySemaphore } from '../concurrency/key-semaphore.js';
import { RateLimiter, type RateLimitState } from '../rate-limit/rate-limiter.js';
import { type ScheduledRetry, ScheduledRetries } from '../retry/scheduled-retries.js';
import { type ParkedTimer, parkedTimers, type PendingTimer, pendingTimers } from '../timers/pending-timers.js';

export interface WaitingReport {
  timers: PendingTimer[];
  debouncedKeys: PendingTimer[];
  /** Timers that will not fire until their key is scheduled again: the store refused their event. */
  parkedTimers: ParkedTimer[];
  rateLimits: RateLimitState[];
  concurrency: ConcurrencyState[];
  retries: ScheduledRetry[];
}

/** "What is waiting and why" in one service's schema: the answer behind GET /ops/waiting. */
export async function waitingReport(pool: pg.Pool, schema: string, limit = 100): Promise<WaitingReport> {
  const [timers, parked, rateLimits, concurrency, retries] = await Promise.all([
    pendingTimers(pool, schema, limit),
    parkedTimers(pool, schema, limit),
    new RateLimiter(pool, schema).state(),
    new KeySemaphore(pool, schema).state(),
    new ScheduledRetries(pool, schema).list(limit),
  ]);
  return {
    timers: timers.filter((timer) => timer.kind !== 'debounce'),
    debouncedKeys: timers.filter((timer) => timer.kind === 'debounce'),
    parkedTimers: parked,
    rateLimits,
    concurrency,
    retries,
  };
}

import type pg from 'pg';
import { type ConcurrencyState, KeySemaphore } from '../concurrency/key-semaphore.js';
import { DeferredDeliveries, type DeferredState } from '../deferral/deferred-deliveries.js';
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
  /** Deliveries acked and parked until their rate-limited start, per consumer and key. */
  deferred: DeferredState[];
}

/** "What is waiting and why" in one service's schema: the answer behind GET /ops/waiting. */
export async function waitingReport(pool: pg.Pool, schema: string, limit = 100): Promise<WaitingReport> {
  const rateLimiter = new RateLimiter(pool, schema);
  const [timers, parked, rateLimits, concurrency, retries, deferred] = await Promise.all([
    pendingTimers(pool, schema, limit),
    parkedTimers(pool, schema, limit),
    rateLimiter.state(),
    new KeySemaphore(pool, schema).state(),
    new ScheduledRetries(pool, schema).list(limit),
    new DeferredDeliveries(pool, schema, rateLimiter).state(limit),
  ]);
  return {
    timers: timers.filter((timer) => timer.kind !== 'debounce'),
    debouncedKeys: timers.filter((timer) => timer.kind === 'debounce'),
    parkedTimers: parked,
    rateLimits,
    concurrency,
    retries,
    deferred,
  };
}

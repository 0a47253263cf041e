export { type Clock, ManualClock, systemClock } from './clock/clock.js';
export { WakeableSleep } from './clock/wakeable-sleep.js';
export { NonRetriableError, RetryAfterError, TimeoutError } from './errors/workflow-errors.js';
export {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type RetryDecision,
  type RetryPolicy,
} from './retry/retry-policy.js';
export { durableMigrations } from './migrations/durable-migrations.js';
export { DurableTimers, type DurableTimersOptions, type RunNowOutcome, type TimerRequest } from './timers/durable-timers.js';
export { type ParkedTimer, type PendingTimer } from './timers/pending-timers.js';
export { type ConcurrencyState, KeySemaphore } from './concurrency/key-semaphore.js';
export {
  type ClaimedDeferral,
  type Deferral,
  DeferredDeliveries,
  type DeferredState,
} from './deferral/deferred-deliveries.js';
export { type RateDecision, type RateLimit, RateLimiter, type RateLimitState } from './rate-limit/rate-limiter.js';
export { type ScheduledRetry, ScheduledRetries } from './retry/scheduled-retries.js';
export { type FailedAttempt, FailedAttempts, failedAttemptsRetentionRule } from './retry/failed-attempts.js';
export { type WaitingReport, waitingReport } from './visibility/waiting-report.js';
export { TIMEOUTS, withTimeout } from './timeout/with-timeout.js';
export { durableRetentionRules, Retention, type RetentionOptions, type RetentionRule } from './retention/retention.js';

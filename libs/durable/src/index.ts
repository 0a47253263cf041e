export { type Clock, ManualClock, systemClock } from './clock/clock.js';
export { NonRetriableError, RetryAfterError, TimeoutError } from './errors/workflow-errors.js';
export {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type RetryDecision,
  type RetryPolicy,
} from './retry/retry-policy.js';
export { durableMigrations } from './timers/durable-migrations.js';
export { DurableTimers, type DurableTimersOptions, type PendingTimer, type TimerRequest } from './timers/durable-timers.js';

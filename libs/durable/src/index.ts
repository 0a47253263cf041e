export { NonRetriableError, RetryAfterError, TimeoutError } from './errors/workflow-errors.js';
export {
  backoffDelay,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type RetryDecision,
  type RetryPolicy,
} from './retry/retry-policy.js';

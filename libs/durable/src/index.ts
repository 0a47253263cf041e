export { NonRetriableError, RetryAfterError, TimeoutError } from './errors/workflow-errors.js';

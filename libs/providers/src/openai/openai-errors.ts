import { NonRetriableError, RetryAfterError, TimeoutError } from '@switchboard/durable';
import { APIConnectionTimeoutError, APIError } from 'openai';

/** OpenAI SDK failures in the platform's retry vocabulary. */
export function mapOpenAiError(error: unknown, what: string): Error {
  if (error instanceof APIConnectionTimeoutError) return new TimeoutError(`${what}: OpenAI did not answer in time`, 0);
  if (!(error instanceof APIError) || error.status === undefined) return error as Error; // network: retriable
  if (error.status === 429) {
    const headers = error.headers;
    const ms = Number(headers?.get('retry-after-ms')) || Number(headers?.get('retry-after')) * 1000 || 1_000;
    return new RetryAfterError(`${what}: OpenAI rate limit`, ms, { cause: error });
  }
  if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 409) {
    return new NonRetriableError(`${what}: OpenAI ${error.status}: ${error.message}`, { cause: error });
  }
  return new Error(`${what}: OpenAI ${error.status}: ${error.message}`, { cause: error });
}

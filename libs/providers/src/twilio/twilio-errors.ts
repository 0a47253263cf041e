import { NonRetriableError, RetryAfterError, TimeoutError } from '@switchboard/durable';

/** Twilio error codes that no retry can fix: the number itself is wrong. */
const PERMANENT_CODES = new Set([21211, 21217, 21214, 21215, 13223, 13224]);

/** Twilio's failures in the platform's retry vocabulary. */
export function mapTwilioError(error: unknown, what: string): Error {
  if (error instanceof RetryAfterError || error instanceof TimeoutError) return error;
  const rest = error as { status?: number; code?: number; message?: string; name?: string };
  if (rest.code !== undefined && PERMANENT_CODES.has(rest.code)) {
    return new NonRetriableError(`${what}: Twilio ${rest.code}: ${rest.message}`, { cause: error });
  }
  if (rest.status !== undefined && rest.status >= 400 && rest.status < 500 && rest.status !== 408) {
    return new NonRetriableError(`${what}: Twilio ${rest.status} ${rest.code ?? ''}: ${rest.message}`, { cause: error });
  }
  if (/timeout|ECONNABORTED/i.test(String(rest.message ?? rest.name))) {
    return new TimeoutError(`${what}: Twilio did not answer in time`, 0);
  }
  // 5xx and network failures: worth another try.
  return new Error(`${what}: ${rest.message ?? String(error)}`, { cause: error });
}

/**
 * How a failure should be retried. Handlers and provider adapters throw these; the eventing
 * transport turns them into nak-with-delay, term + dead letter, or a plain retry.
 */

/** Permanent: retrying cannot help (an invalid phone number, a malformed recording). */
export class NonRetriableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonRetriableError';
  }
}

/** Retriable, but not before `retryAfterMs` (a 429 with Retry-After). */
export class RetryAfterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetryAfterError';
  }
}

/** An operation ran past its deadline; retriable like any transient failure. */
export class TimeoutError extends Error {
  constructor(
    message: string,
    readonly timeoutMs: number,
  ) {
    super(message);
    this.name = 'TimeoutError';
  }
}

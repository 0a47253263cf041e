import { backoffDelay, type RetryPolicy } from '@switchboard/durable';

/** Start-up keeps trying for the life of the process: a dependency may come back at any time. */
export const STARTUP_BACKOFF: Omit<RetryPolicy, 'attempts'> = { baseDelayMs: 500, maxDelayMs: 15_000, jitter: 0.2 };

export interface StartAttempts {
  /** Called after each failed try, with the delay before the next. */
  onFailure(error: unknown, attempt: number, delayMs: number): void;
  /** True once the owner is shutting down: no further try is made. */
  stopped(): boolean;
  /** Resolves when the owner shuts down, so a pending delay ends at once. */
  stopping: Promise<void>;
  backoff?: Omit<RetryPolicy, 'attempts'>;
}

/**
 * Runs `start` until it succeeds, backing off between failures. Returns false when stopped first.
 * A start-up step that failed once (NATS not ready, a stream not yet there) is tried again, not
 * cached as failed for the life of the process.
 */
export async function startWithBackoff(start: () => Promise<void>, attempts: StartAttempts): Promise<boolean> {
  const policy = { attempts: Number.POSITIVE_INFINITY, ...(attempts.backoff ?? STARTUP_BACKOFF) };
  for (let attempt = 1; !attempts.stopped(); attempt++) {
    try {
      await start();
      return true;
    } catch (error) {
      if (attempts.stopped()) return false;
      const delayMs = backoffDelay(policy, attempt);
      attempts.onFailure(error, attempt, delayMs);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, delayMs))), attempts.stopping]);
      clearTimeout(timer);
    }
  }
  return false;
}

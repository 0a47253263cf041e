import { TimeoutError } from '../errors/workflow-errors.js';

/** Per-operation limits users expect from their current jobs. */
export const TIMEOUTS = {
  apiCall: 30_000,
  download: 120_000,
  transcription: 300_000,
} as const;

/**
 * Runs `operation` with an AbortSignal that fires after `ms` (or when `parent` aborts), and
 * rejects with a retriable TimeoutError if the limit is reached first. Provider SDKs take the
 * signal, so the request itself is cancelled, not just abandoned.
 */
export async function withTimeout<T>(
  what: string,
  ms: number,
  operation: (signal: AbortSignal) => Promise<T>,
  parent?: AbortSignal,
): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(`${what} took longer than ${ms} ms`, ms);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    return await Promise.race([operation(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}

import { describe, expect, it } from 'vitest';
import { TimeoutError } from '../errors/workflow-errors.js';
import { decideRetry, DEFAULT_RETRY_POLICY } from '../retry/retry-policy.js';
import { withTimeout } from './with-timeout.js';

const waitFor = (ms: number, signal: AbortSignal) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => resolve('done'), ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

describe('withTimeout (real clock)', () => {
  it('returns what finishes in time', async () => {
    await expect(withTimeout('quick call', 200, (signal) => waitFor(10, signal))).resolves.toBe('done');
  });

  it('aborts the operation and rejects with a retriable TimeoutError when the limit passes', async () => {
    let aborted: AbortSignal | undefined;
    const started = Date.now();
    const failure = await withTimeout('slow download', 50, (signal) => ((aborted = signal), waitFor(5_000, signal))).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TimeoutError);
    expect((failure as TimeoutError).message).toBe('slow download took longer than 50 ms');
    expect(aborted?.aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, failure).action).toBe('retry');
  });

  it('follows a parent signal (a shutting-down handler)', async () => {
    const parent = new AbortController();
    const pending = withTimeout('call', 5_000, (signal) => waitFor(5_000, signal), parent.signal);
    parent.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
  });
});

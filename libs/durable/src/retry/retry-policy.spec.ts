import { describe, expect, it } from 'vitest';
import { NonRetriableError, RetryAfterError } from '../errors/workflow-errors.js';
import { backoffDelay, decideRetry, type RetryPolicy } from './retry-policy.js';

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 2_000, maxDelayMs: 10_000, jitter: 0 };
const middle = () => 0.5;

describe('decideRetry', () => {
  it('backs off exponentially up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(policy, attempt, middle))).toEqual([
      2_000, 4_000, 8_000, 10_000, 10_000,
    ]);
  });

  it('keeps jitter within its fraction', () => {
    const jittery = { ...policy, jitter: 0.2 };
    expect(backoffDelay(jittery, 1, () => 0)).toBe(1_600);
    expect(backoffDelay(jittery, 1, () => 1)).toBe(2_400);
  });

  it('waits exactly the Retry-After delay', () => {
    expect(decideRetry(policy, 1, new RetryAfterError('429', 7_500))).toEqual({ action: 'retry', delayMs: 7_500 });
  });

  it('gives up at once on a NonRetriableError, even on the first attempt', () => {
    expect(decideRetry(policy, 1, new NonRetriableError('invalid number'))).toEqual({
      action: 'give-up',
      reason: 'non-retriable',
    });
  });

  it('gives up after the last attempt, whatever the error', () => {
    expect(decideRetry(policy, 4, new Error('boom'))).toEqual({ action: 'give-up', reason: 'attempts-exhausted' });
    expect(decideRetry(policy, 4, new RetryAfterError('429', 1_000)).action).toBe('give-up');
    expect(decideRetry(policy, 3, new Error('boom'), middle)).toEqual({ action: 'retry', delayMs: 8_000 });
  });
});

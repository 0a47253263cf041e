import { describe, expect, it } from 'vitest';
import { KeyedOrdering } from './keyed-ordering.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedOrdering', () => {
  it('runs tasks of one key one after another, in submission order, even when earlier ones are slower', async () => {
    const ordering = new KeyedOrdering();
    const seen: number[] = [];
    await Promise.all(
      [30, 5, 15, 1].map((delay, i) =>
        ordering.run('a', async () => {
          await sleep(delay);
          seen.push(i);
        }),
      ),
    );
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('lets different keys overlap', async () => {
    const ordering = new KeyedOrdering();
    const seen: string[] = [];
    await Promise.all([
      ordering.run('slow', async () => {
        await sleep(30);
        seen.push('slow');
      }),
      ordering.run('fast', async () => {
        seen.push('fast');
      }),
    ]);
    expect(seen).toEqual(['fast', 'slow']);
  });

  it('keeps going after a task of the key fails', async () => {
    const ordering = new KeyedOrdering();
    await expect(ordering.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(ordering.run('a', async () => 'next')).resolves.toBe('next');
  });

  it('sends later messages of a key back while an earlier one waits for its retry', () => {
    const ordering = new KeyedOrdering();
    ordering.hold('a', 10, 5_000);
    expect(ordering.admit('a', 11, 1_000)).toBeGreaterThan(4_000);
    expect(ordering.admit('a', 12, 1_000)).toBeGreaterThan(ordering.admit('a', 11, 1_000) - 1);
    expect(ordering.admit('b', 11, 1_000)).toBe(0);
    expect(ordering.admit('a', 10, 5_000)).toBe(0);
  });

  it('admits the waiting messages only in sequence order, whatever order they come back in', () => {
    const ordering = new KeyedOrdering();
    ordering.hold('a', 10, 5_000);
    ordering.admit('a', 11, 1_000);
    ordering.admit('a', 12, 1_000);
    ordering.release('a', 10); // the failed one succeeded
    expect(ordering.admit('a', 12, 6_000)).toBeGreaterThan(0); // 11 is still out there
    expect(ordering.admit('a', 11, 6_000)).toBe(0);
    ordering.release('a', 11);
    expect(ordering.admit('a', 12, 6_100)).toBe(0);
  });

  it('forgets a waiting message that never came back (redelivered to another replica)', () => {
    const ordering = new KeyedOrdering();
    ordering.hold('a', 10, 1_000);
    expect(ordering.admit('a', 11, 70_000)).toBe(0);
  });

  it('forgets the waiting messages of keys never seen again, so memory does not grow', () => {
    const ordering = new KeyedOrdering();
    for (let key = 0; key < 100; key++) ordering.hold(`gone-${key}`, 10, 1_000);
    ordering.admit('other', 1, 70_000);
    expect(ordering.waitingKeys).toBe(0);
  });
});

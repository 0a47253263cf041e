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

  it("makes later messages of a held key wait until past the held one's redelivery", () => {
    const ordering = new KeyedOrdering();
    ordering.hold('a', 10, 5_000);
    expect(ordering.waitFor('a', 11, 1_000)).toBeGreaterThan(4_000);
    expect(ordering.waitFor('a', 10, 1_000)).toBe(0);
    expect(ordering.waitFor('b', 11, 1_000)).toBe(0);
    ordering.release('a', 10);
    expect(ordering.waitFor('a', 11, 1_000)).toBe(0);
  });
});

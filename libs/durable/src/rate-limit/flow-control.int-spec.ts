import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { runMigrations, withTransaction } from '@switchboard/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { KeySemaphore } from '../concurrency/key-semaphore.js';
import { durableMigrations } from '../migrations/durable-migrations.js';
import { RateLimiter } from './rate-limiter.js';

const ns = new TestNamespace();
const schema = ns.schema('flow');
beforeAll(() => runMigrations({ url: TEST_DATABASE_URL, schema, migrations: durableMigrations }));
afterAll(() => ns.dispose());

/** The most starts that fall inside any window of `windowMs`. */
const busiestWindow = (starts: number[], windowMs: number) =>
  Math.max(...starts.map((from) => starts.filter((t) => t >= from && t < from + windowMs).length));

describe('RateLimiter', () => {
  it('50 starts at 10 per minute from two replicas: never more than 10 in any minute, all 50 run', async () => {
    const clock = new ManualClock();
    const replicas = [new RateLimiter(ns.pool, schema, clock), new RateLimiter(ns.pool, schema, clock)];
    const starts: number[] = [];
    for (let i = 0; starts.length < 50; i++) {
      const decision = await replicas[i % 2].tryStart('campaign-1', { limit: 10, windowMs: 60_000 });
      if (decision.allowed) starts.push(clock.now().getTime());
      else clock.advance(decision.retryAfterMs);
    }
    expect(busiestWindow(starts, 60_000)).toBe(10);
    // 50 starts at 10/min need four more windows after the first: a little over 4 minutes.
    expect(starts.at(-1)! - starts[0]).toBeGreaterThanOrEqual(4 * 60_000);
    expect(starts.at(-1)! - starts[0]).toBeLessThan(5 * 60_000);
  });

  it('keeps keys apart', async () => {
    const limiter = new RateLimiter(ns.pool, schema, new ManualClock());
    for (let i = 0; i < 3; i++) await limiter.tryStart('campaign-a', { limit: 3, windowMs: 60_000 });
    expect((await limiter.tryStart('campaign-a', { limit: 3, windowMs: 60_000 })).allowed).toBe(false);
    expect((await limiter.tryStart('campaign-b', { limit: 3, windowMs: 60_000 })).allowed).toBe(true);
  });

  it('starts reserved ahead and immediate starts together never overfill a window, first come first served', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(ns.pool, schema, clock);
    const rate = { limit: 10, windowMs: 60_000 };
    const starts: number[] = [];
    for (let i = 0; starts.length < 40; i++) {
      if (i % 3 === 0) {
        starts.push((await withTransaction(ns.pool, (tx) => limiter.reserve(tx, 'mixed', rate))).getTime());
      } else {
        const decision = await limiter.tryStart('mixed', rate);
        if (decision.allowed) starts.push(clock.now().getTime());
        else clock.advance(Math.min(decision.retryAfterMs, 7_000));
      }
    }
    expect(busiestWindow(starts, 60_000)).toBe(10);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('on the real clock, concurrent waiters of two replicas are delayed, not dropped', async () => {
    const replicas = [new RateLimiter(ns.pool, schema), new RateLimiter(ns.pool, schema)];
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        await replicas[i % 2].start('live', { limit: 5, windowMs: 1_000 });
        starts.push(Date.now());
      }),
    );
    expect(starts).toHaveLength(15);
    expect(busiestWindow(starts, 950)).toBeLessThanOrEqual(5);
  });
});

describe('KeySemaphore', () => {
  it('never runs more than the limit per key across replicas, and everything runs', async () => {
    const replicas = [new KeySemaphore(ns.pool, schema), new KeySemaphore(ns.pool, schema)];
    let running = 0;
    let peak = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const semaphore = replicas[i % 2];
        const lease = await semaphore.acquire('creator-1', 3, 10_000, 10);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 30));
        running -= 1;
        done += 1;
        await semaphore.release('creator-1', lease);
      }),
    );
    expect(peak).toBe(3);
    expect(done).toBe(20);
  });

  it('frees the slot of a holder that never released it once its lease expires', async () => {
    const semaphore = new KeySemaphore(ns.pool, schema);
    expect(await semaphore.tryAcquire('crashy', 1, 200)).toBeDefined();
    expect(await semaphore.tryAcquire('crashy', 1, 200)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await semaphore.tryAcquire('crashy', 1, 200)).toBeDefined();
  });

  it('keeps the slot of a holder that renews its lease while it works', async () => {
    const semaphore = new KeySemaphore(ns.pool, schema);
    const lease = (await semaphore.tryAcquire('busy', 1, 200))!;
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 120));
      await semaphore.renew('busy', lease, 200);
    }
    expect(await semaphore.tryAcquire('busy', 1, 200)).toBeUndefined();
    await semaphore.release('busy', lease);
    expect(await semaphore.tryAcquire('busy', 1, 200)).toBeDefined();
  });
});

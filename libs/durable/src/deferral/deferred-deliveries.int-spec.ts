import { randomUUID } from 'node:crypto';
import { runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { durableMigrations } from '../migrations/durable-migrations.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { DeferredDeliveries } from './deferred-deliveries.js';

const ns = new TestNamespace();
const schema = ns.schema('deferral');
beforeAll(() => runMigrations({ url: TEST_DATABASE_URL, schema, migrations: durableMigrations }));
afterAll(() => ns.dispose());

const RATE = { limit: 2, windowMs: 60_000 };
const deferral = (key: string, eventId: string, consumer = 'c-1') => ({
  consumer,
  eventId,
  eventType: 'test.job.queued',
  key,
  attempt: 1,
  delivery: { subject: 'test.job.queued.v1' },
});
const startsOf = async (key: string) =>
  (await ns.pool.query(`SELECT 1 FROM "${schema}".rate_limit_starts WHERE key = $1`, [key])).rowCount;

describe('DeferredDeliveries', () => {
  it("reserves the key's next free start: later starts of the key queue behind it, other keys do not", async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(ns.pool, schema, clock);
    const deferrals = new DeferredDeliveries(ns.pool, schema, limiter, clock);
    const eventIds = [randomUUID(), randomUUID()];
    const t0 = clock.now().getTime();
    await limiter.tryStart('queue-a', RATE);
    await limiter.tryStart('queue-a', RATE);
    expect((await deferrals.defer(deferral('queue-a', eventIds[0]), RATE))!.getTime()).toBe(t0 + 60_000);
    expect((await deferrals.defer(deferral('queue-a', eventIds[1]), RATE))!.getTime()).toBe(t0 + 60_000);

    // The window frees at +60 s, but both places there are taken: the next start is a window later.
    clock.advance(60_000);
    expect(await limiter.tryStart('queue-a', RATE)).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(await limiter.tryStart('queue-b', RATE)).toEqual({ allowed: true });
  });

  it('a duplicate deferral (a redelivery whose ack was lost) keeps its place and reserves nothing more', async () => {
    const clock = new ManualClock();
    const deferrals = new DeferredDeliveries(ns.pool, schema, new RateLimiter(ns.pool, schema, clock), clock);
    const eventId = randomUUID();
    const [first, again] = await Promise.all([
      deferrals.defer(deferral('dup', eventId), RATE),
      deferrals.defer(deferral('dup', eventId), RATE),
    ]);
    expect(again).toEqual(first);
    expect(await startsOf('dup')).toBe(1);
  });

  it('due deliveries are claimed by one replica; an expired claim is taken again as a new attempt and the old one writes nothing', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(ns.pool, schema, clock);
    const replicas = [new DeferredDeliveries(ns.pool, schema, limiter, clock), new DeferredDeliveries(ns.pool, schema, limiter, clock)];
    const eventId = randomUUID();
    await limiter.tryStart('claims', { limit: 1, windowMs: 60_000 });
    const dueAt = (await replicas[0].defer(deferral('claims', eventId, 'c-2'), { limit: 1, windowMs: 60_000 }))!;
    expect(await replicas[0].claimDue('c-2', 10, 5_000)).toEqual([]);
    expect(await replicas[0].nextDueAt('c-2')).toEqual(dueAt);

    clock.advance(60_000);
    const claims = (await Promise.all(replicas.map((replica) => replica.claimDue('c-2', 10, 5_000)))).flat();
    expect(claims).toEqual([expect.objectContaining({ eventId: eventId, attempt: 1, reserved: true, dueAt })]);

    clock.advance(5_000);
    const [taken] = await replicas[1].claimDue('c-2', 10, 5_000);
    expect(taken).toEqual(expect.objectContaining({ eventId: eventId, attempt: 2 }));
    await replicas[0].complete(claims[0]);
    expect(await replicas[0].state()).toEqual(
      expect.arrayContaining([{ consumer: 'c-2', key: 'claims', deferred: 1, nextDueAt: dueAt }]),
    );
    await replicas[1].complete(taken);
    expect((await replicas[0].state()).filter((s) => s.consumer === 'c-2')).toEqual([]);
  });
});

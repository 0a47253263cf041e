import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { TimerFixture } from '../test-support/timer-fixture.js';
import { DurableTimers } from './durable-timers.js';

const fixture = new TimerFixture();
const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
let timers: DurableTimers;

beforeAll(async () => {
  await fixture.prepare();
  timers = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { clock });
});
afterAll(() => fixture.ns.dispose());

describe('durable timers (manual clock)', () => {
  it('fires once when due, not before, and is gone afterwards', async () => {
    await timers.scheduleAfter(fixture.request('once-1'), 24 * 3_600_000);
    clock.advance(24 * 3_600_000 - 1_000);
    await timers.fireDue();
    expect(await fixture.firedWith('once-')).toEqual([]);
    clock.advance(1_000);
    await timers.fireDue();
    await timers.fireDue();
    expect(await fixture.firedWith('once-')).toEqual(['once-1']);
    expect((await timers.pending()).map((t) => t.key)).not.toContain('once-1');
  });

  it('never fires a cancelled timer', async () => {
    await timers.scheduleAfter(fixture.request('cancelled-1'), 5_000);
    expect(await timers.cancel('cancelled-1')).toBe(true);
    expect(await timers.cancel('cancelled-1')).toBe(false);
    clock.advance(10_000);
    await timers.fireDue();
    expect(await fixture.firedWith('cancelled-')).toEqual([]);
  });

  it('replaces a pending timer scheduled again under the same key', async () => {
    await timers.scheduleAfter(fixture.request('moved', 'moved-early'), 1_000);
    await timers.scheduleAfter(fixture.request('moved', 'moved-late'), 60_000);
    clock.advance(2_000);
    await timers.fireDue();
    expect(await fixture.firedWith('moved-')).toEqual([]);
    clock.advance(60_000);
    await timers.fireDue();
    expect(await fixture.firedWith('moved-')).toEqual(['moved-late']);
  });

  it('debounce: a burst of 20 triggers fires once, after the quiet period', async () => {
    for (let i = 0; i < 20; i++) {
      await timers.debounce(fixture.request('burst', `burst-${i}`), { quietMs: 5_000, maxWaitMs: 60_000 });
      clock.advance(100);
      await timers.fireDue();
    }
    expect(await fixture.firedWith('burst-')).toEqual([]);
    clock.advance(5_000);
    await timers.fireDue();
    expect(await fixture.firedWith('burst-')).toEqual(['burst-19']);
  });

  it('debounce: a constant trickle still fires by the maximum wait', async () => {
    const fired: string[][] = [];
    for (let second = 0; second < 25; second += 3) {
      await timers.debounce(fixture.request('trickle', `trickle-${second}`), { quietMs: 5_000, maxWaitMs: 10_000 });
      clock.advance(3_000);
      await timers.fireDue();
      fired.push(await fixture.firedWith('trickle-'));
    }
    // Triggers every 3 s never leave 5 s of quiet, yet it fired every 10 s or so.
    expect((await fixture.firedWith('trickle-')).length).toBeGreaterThanOrEqual(2);
    expect(fired[1]).toEqual([]);
  });

  it('fireSoon: a debounce still waiting for quiet fires at the next look, once; a fired or unknown key is not created', async () => {
    await timers.debounce(fixture.request('hurried', 'hurried-1'), { quietMs: 5_000, maxWaitMs: 60_000 });
    await timers.fireDue();
    expect(await fixture.firedWith('hurried-')).toEqual([]);
    expect(await timers.fireSoon(['hurried', 'never-scheduled'])).toEqual(['hurried']);
    await timers.fireDue();
    expect(await fixture.firedWith('hurried-')).toEqual(['hurried-1']);
    expect(await timers.fireSoon(['hurried'])).toEqual([]);
    clock.advance(60_000);
    await timers.fireDue();
    expect(await fixture.firedWith('hurried-')).toEqual(['hurried-1']);
    expect((await timers.pending()).map((t) => t.key)).not.toContain('never-scheduled');
  });

  it('every: two replicas fire once per slot, and a long outage is caught up once', async () => {
    const replicaA = timers;
    const replicaB = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { clock });
    const sixHours = 6 * 3_600_000;
    await replicaA.every(fixture.request('cron-sync', 'cron-sync'), sixHours);
    await replicaB.every(fixture.request('cron-sync', 'cron-sync'), sixHours);
    const fires = async () => (await fixture.firedWith('cron-sync')).length;

    clock.advance(sixHours);
    await Promise.all([replicaA.fireDue(), replicaB.fireDue()]);
    await Promise.all([replicaA.fireDue(), replicaB.fireDue()]);
    expect(await fires()).toBe(1);

    clock.advance(4 * sixHours); // nothing ran for a day
    await Promise.all([replicaA.fireDue(), replicaB.fireDue()]);
    await Promise.all([replicaA.fireDue(), replicaB.fireDue()]);
    expect(await fires()).toBe(2);
    const [next] = (await timers.pending()).filter((t) => t.key === 'cron-sync');
    expect(next.fireAt.getTime()).toBeGreaterThan(clock.now().getTime());
    expect(next.fireAt.getTime() % sixHours).toBe(0);
  });
});

describe('durable timers (real clock)', () => {
  let live: DurableTimers;
  beforeAll(() => {
    live = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { maxSleepMs: 100 });
    live.start();
  });
  afterAll(() => live.stop());
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('debounce: a burst fires once, a quiet period after its last trigger', async () => {
    for (let i = 0; i < 10; i++) {
      await live.debounce(fixture.request('live-burst', `live-burst-${i}`), { quietMs: 400, maxWaitMs: 5_000 });
      await sleep(50);
    }
    expect(await fixture.firedWith('live-burst-')).toEqual([]);
    await expect.poll(() => fixture.firedWith('live-burst-'), { timeout: 3_000 }).toEqual(['live-burst-9']);
  });

  it('every: fires on each slot while running', async () => {
    await live.every(fixture.request('live-cron', 'live-cron'), 500);
    await sleep(1_700);
    expect((await fixture.firedWith('live-cron')).length).toBeGreaterThanOrEqual(2);
    expect((await fixture.firedWith('live-cron')).length).toBeLessThanOrEqual(4);
    await live.cancel('live-cron');
  });

  it('the running loop fires a timer within a second of its time', async () => {
    {
      const due = Date.now() + 300;
      await live.schedule({ ...fixture.request('single-1'), at: new Date(due) });
      await expect.poll(() => fixture.firedWith('single-'), { timeout: 5_000, interval: 20 }).toEqual(['single-1']);
      const { rows } = await fixture.ns.pool.query(
        `SELECT occurred_at FROM "${fixture.schema}".events WHERE payload->>'note' = 'single-1'`,
      );
      const lateness = rows[0].occurred_at.getTime() - due;
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1_000);
    }
  });
});

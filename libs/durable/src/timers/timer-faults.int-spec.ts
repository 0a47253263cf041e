import { runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { durableMigrations } from '../migrations/durable-migrations.js';
import { TimerFixture } from '../test-support/timer-fixture.js';
import { waitingReport } from '../visibility/waiting-report.js';
import { DurableTimers } from './durable-timers.js';

const fixture = new TimerFixture();
const clock = new ManualClock(new Date('2026-03-01T00:00:00Z'));
let timers: DurableTimers;

beforeAll(async () => {
  await fixture.prepare();
  timers = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { clock });
});
afterAll(() => fixture.ns.dispose());

/** A timer stored before its event's schema changed: its payload no longer validates. */
const stale = (key: string) => ({
  key,
  streamId: `reminder-${key}`,
  event: { type: 'test.reminder.due', version: 1, payload: { note: 42 } },
});

describe('a timer whose event no longer validates', () => {
  it('is parked with its error and the other due timers still fire', async () => {
    await timers.scheduleAfter(fixture.request('good-before'), 1_000);
    await timers.scheduleAfter(stale('bad-1'), 2_000);
    await timers.scheduleAfter(fixture.request('good-after'), 3_000);
    clock.advance(5_000);

    await timers.fireDue();
    await timers.fireDue();

    expect(await fixture.firedWith('good-')).toEqual(['good-before', 'good-after']);
    const report = await waitingReport(fixture.ns.pool, fixture.schema);
    expect(report.parkedTimers).toEqual([
      expect.objectContaining({ key: 'bad-1', eventType: 'test.reminder.due', error: expect.stringContaining('note') }),
    ]);
    expect(report.timers.map((t) => t.key)).not.toContain('bad-1');
  });

  it('scheduling the key again revives it', async () => {
    await timers.scheduleAfter(fixture.request('bad-1', 'bad-1-fixed'), 1_000);
    clock.advance(2_000);
    await timers.fireDue();
    expect(await fixture.firedWith('bad-1')).toEqual(['bad-1-fixed']);
    expect((await waitingReport(fixture.ns.pool, fixture.schema)).parkedTimers).toEqual([]);
  });

  it('does not keep the running loop busy', async () => {
    const live = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { maxSleepMs: 200 });
    await live.schedule({ ...stale('bad-live'), at: new Date(Date.now() - 1_000) });
    const looks = vi.spyOn(fixture.store, 'transaction'); // one transaction per look
    live.start();
    try {
      await expect.poll(() => looks.mock.calls.length, { timeout: 10_000 }).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Once it is parked nothing is due: about one look per maxSleepMs, not a spin.
      expect(looks.mock.calls.length).toBeLessThanOrEqual(10);
      expect((await waitingReport(fixture.ns.pool, fixture.schema)).parkedTimers.map((t) => t.key)).toContain('bad-live');
    } finally {
      await live.stop();
      looks.mockRestore();
    }
  });
});

describe('a failing look at the timers', () => {
  it('backs off, looking less and less often while it keeps failing', async () => {
    // A schema without a timers table: every look fails, as when the database is unreachable.
    const live = new DurableTimers(fixture.ns.pool, fixture.store, fixture.ns.schema('missing'), { maxSleepMs: 100 });
    const looks = vi.spyOn(fixture.store, 'transaction');
    live.start();
    try {
      await expect.poll(() => looks.mock.calls.length, { timeout: 5_000 }).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // Backing off from 100 ms (100, 200, 400, 800, ...) fits at most 5 looks in 2 s; a steady 100 ms, 20.
      expect(looks.mock.calls.length).toBeLessThanOrEqual(6);
    } finally {
      await live.stop();
      looks.mockRestore();
    }
  });
});

describe('a repeating timer declared at start-up', () => {
  it('is registered by the firing loop once the database takes it, without failing the start', async () => {
    // The schema has no timers table yet, as when a service starts before its database is up.
    const late = fixture.ns.schema('late');
    const live = new DurableTimers(fixture.ns.pool, fixture.store, late, { maxSleepMs: 100, maxBackoffMs: 200 });
    const tries = vi.spyOn(live, 'every');
    expect(() => live.declareEvery(fixture.request('late-cron'), 60_000)).not.toThrow();
    live.start();
    try {
      // It tried, and was refused: the table is missing.
      await expect.poll(() => tries.mock.results.length, { timeout: 5_000 }).toBeGreaterThan(0);
      await expect(tries.mock.results[0].value).rejects.toThrow(/timers/);
      await runMigrations({ url: TEST_DATABASE_URL, schema: late, migrations: durableMigrations });
      await expect.poll(async () => (await live.pending()).map((t) => t.key), { timeout: 10_000 }).toEqual(['late-cron']);
    } finally {
      await live.stop();
      tries.mockRestore();
    }
  });
});

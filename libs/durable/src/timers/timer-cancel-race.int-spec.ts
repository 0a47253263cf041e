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

/** Resolves once some statement on this schema's timers waits for a lock another transaction holds. */
async function someoneWaitsOnATimerLock(): Promise<void> {
  await expect
    .poll(
      async () => {
        const { rows } = await fixture.ns.pool.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
          [`%"${fixture.schema}".timers%`],
        );
        return rows[0].n;
      },
      { timeout: 20_000, interval: 20 },
    )
    .toBeGreaterThan(0);
}

/** Fires while `hold` keeps its transaction open: until the firing ends or waits on that transaction. */
async function fireWhileOpen(hold: (tx: import('pg').PoolClient) => Promise<unknown>): Promise<void> {
  let firing: Promise<number> | undefined;
  await fixture.store.transaction(async (tx) => {
    await hold(tx);
    firing = timers.fireDue();
    await Promise.race([firing, someoneWaitsOnATimerLock()]);
  });
  await firing;
}

describe('cancelling or rescheduling a due timer while it is being fired', () => {
  it('a cancel in a transaction still open when the firing starts wins: the timer never fires', async () => {
    await timers.scheduleAfter(fixture.request('held-cancel'), 1_000);
    clock.advance(2_000);
    await fireWhileOpen(async (tx) => expect(await timers.cancel('held-cancel', tx)).toBe(true));
    await timers.fireDue();
    expect(await fixture.firedWith('held-cancel')).toEqual([]);
  });

  it('a reschedule in a transaction still open when the firing starts wins: only the new time fires', async () => {
    await timers.scheduleAfter(fixture.request('held-move', 'held-move-early'), 1_000);
    clock.advance(2_000);
    await fireWhileOpen((tx) => timers.scheduleAfter(fixture.request('held-move', 'held-move-late'), 60_000, tx));
    await timers.fireDue();
    expect(await fixture.firedWith('held-move')).toEqual([]);
    clock.advance(60_000);
    await timers.fireDue();
    expect(await fixture.firedWith('held-move')).toEqual(['held-move-late']);
  });

  it('concurrent cancels and firings: a timer fires exactly when its cancel found nothing to cancel', async () => {
    const rounds = 40;
    const outcomes: { key: string; cancelled: boolean }[] = [];
    for (let round = 0; round < rounds; round++) {
      const key = `race-${round}`;
      await timers.scheduleAfter(fixture.request(key, `${key}-fired`), 1_000);
      clock.advance(1_000);
      const [cancelled] = await Promise.all([
        fixture.store.transaction(async (tx) => {
          const removed = await timers.cancel(key, tx);
          await tx.query('SELECT pg_sleep(0.005)');
          return removed;
        }),
        timers.fireDue(),
      ]);
      outcomes.push({ key, cancelled });
    }
    await timers.fireDue();
    const fired = await fixture.firedWith('race-');
    for (const { key, cancelled } of outcomes) {
      expect({ key, fired: fired.filter((note) => note === `${key}-fired`).length }).toEqual({ key, fired: cancelled ? 0 : 1 });
    }
  });
});

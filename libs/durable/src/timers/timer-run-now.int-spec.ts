import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { TimerFixture } from '../test-support/timer-fixture.js';
import { DurableTimers } from './durable-timers.js';

const fixture = new TimerFixture();
const clock = new ManualClock(new Date('2026-03-01T01:00:00Z'));
const HOUR = 3_600_000;
let timers: DurableTimers;

beforeAll(async () => {
  await fixture.prepare();
  timers = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { clock });
});
afterAll(() => fixture.ns.dispose());

const nextFiring = async (key: string) => (await timers.pending()).find((timer) => timer.key === key)?.fireAt.getTime();

describe('running a repeating timer now', () => {
  it('fires its event once, caused by the timer, and leaves its next slot where it was', async () => {
    await timers.every(fixture.request('nightly', 'nightly'), 6 * HOUR);
    const slot = await nextFiring('nightly');
    expect(slot).toBe(Date.parse('2026-03-01T06:00:00Z'));

    await expect(timers.runNow('nightly')).resolves.toEqual({ fired: true, eventType: 'test.reminder.due', nextFireAt: new Date(slot!) });
    await timers.fireDue(); // nothing is due: the run now did not make its slot due
    expect(await fixture.firedWith('nightly')).toEqual(['nightly']);
    expect((await fixture.store.readStream('reminder-nightly')).map((event) => event.causationId)).toEqual(['timer:nightly']);
    expect(await nextFiring('nightly')).toBe(slot);

    // Its regular slot still fires, once.
    clock.advance(5 * HOUR);
    await timers.fireDue();
    expect(await fixture.firedWith('nightly')).toEqual(['nightly', 'nightly']);
    expect(await nextFiring('nightly')).toBe(slot! + 6 * HOUR);
  });

  it('refuses an unknown key and a timer that does not repeat, firing nothing', async () => {
    await expect(timers.runNow('no-such-timer')).resolves.toMatchObject({ fired: false, reason: 'unknown' });
    await timers.scheduleAfter(fixture.request('one-off'), HOUR);
    await expect(timers.runNow('one-off')).resolves.toMatchObject({ fired: false, reason: 'not-repeating' });
    expect(await fixture.firedWith('one-off')).toEqual([]);
    expect(await nextFiring('one-off')).toBe(clock.now().getTime() + HOUR);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/clock.js';
import { KeySemaphore } from '../concurrency/key-semaphore.js';
import { DeferredDeliveries } from '../deferral/deferred-deliveries.js';
import { RateLimiter } from '../rate-limit/rate-limiter.js';
import { ScheduledRetries } from '../retry/scheduled-retries.js';
import { TimerFixture } from '../test-support/timer-fixture.js';
import { DurableTimers } from '../timers/durable-timers.js';
import { waitingReport } from './waiting-report.js';

const fixture = new TimerFixture();
beforeAll(() => fixture.prepare());
afterAll(() => fixture.ns.dispose());

describe('waitingReport', () => {
  it('answers what is waiting and why, by kind', async () => {
    const { pool } = fixture.ns;
    const timers = new DurableTimers(pool, fixture.store, fixture.schema, { clock: new ManualClock() });
    await timers.scheduleAfter(fixture.request('sla-warning:task-7'), 60_000);
    await timers.debounce({ ...fixture.request('validate:h-3'), correlationId: 'campaign-3' }, { quietMs: 5_000, maxWaitMs: 30_000 });
    await timers.every(fixture.request('renew-watches'), 6 * 3_600_000);
    const limiter = new RateLimiter(pool, fixture.schema);
    await limiter.tryStart('campaign-9', { limit: 10, windowMs: 60_000 });
    await limiter.tryStart('dial-queue:campaign-4', { limit: 1, windowMs: 60_000 });
    const dialsDueAt = await new DeferredDeliveries(pool, fixture.schema, limiter).defer(
      {
        consumer: 'telephony-dial-queue',
        eventId: '01a203e6-b88b-75c5-8dba-dfbd1162cef3',
        eventType: 'telephony.call.queued',
        key: 'dial-queue:campaign-4',
        attempt: 1,
        delivery: {},
      },
      { limit: 1, windowMs: 60_000 },
    );
    const semaphore = new KeySemaphore(pool, fixture.schema);
    await semaphore.tryAcquire('creator-2', 10, 60_000);
    const retries = new ScheduledRetries(pool, fixture.schema);
    const eventId = '01a203e6-b88b-75c5-8dba-dfbd1162cef2';
    await retries.note({
      consumer: 'transcription-recordings',
      eventId,
      eventType: 'telephony.call.completed',
      attempt: 1,
      nextAttemptAt: new Date(Date.now() + 2_000),
      lastError: 'Error: 503 from provider',
    });

    const report = await waitingReport(pool, fixture.schema);
    expect(report.timers.map((t) => [t.key, t.kind])).toEqual(
      expect.arrayContaining([
        ['sla-warning:task-7', 'at'],
        ['renew-watches', 'every'],
      ]),
    );
    expect(report.debouncedKeys.map((t) => t.key)).toEqual(['validate:h-3']);
    // Which run it holds back, and since when its burst runs (it fires by then plus its max wait).
    expect(report.debouncedKeys[0]).toMatchObject({ correlationId: 'campaign-3', firstScheduledAt: expect.any(Date) });
    expect(report.rateLimits).toEqual([
      expect.objectContaining({ key: 'campaign-9', startsInWindow: 1 }),
      // The deferred dial's reserved start counts already.
      expect.objectContaining({ key: 'dial-queue:campaign-4', startsInWindow: 2 }),
    ]);
    expect(report.deferred).toEqual([
      { consumer: 'telephony-dial-queue', key: 'dial-queue:campaign-4', deferred: 1, nextDueAt: dialsDueAt },
    ]);
    expect(report.concurrency).toEqual([{ key: 'creator-2', running: 1 }]);
    expect(report.retries).toEqual([expect.objectContaining({ consumer: 'transcription-recordings', attempt: 1 })]);

    await retries.clear('transcription-recordings', eventId);
    expect((await waitingReport(pool, fixture.schema)).retries).toEqual([]);
  });

  it('gives a debounced key its latest firing (burst start + max wait), kept as calls push its deadline; other kinds none', async () => {
    const clock = new ManualClock();
    const timers = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema, { clock });
    const timing = { quietMs: 5_000, maxWaitMs: 12_000 };
    await timers.debounce({ ...fixture.request('validate:h-max'), correlationId: 'campaign-max' }, timing);
    clock.advance(4_000);
    await timers.debounce({ ...fixture.request('validate:h-max'), correlationId: 'campaign-max' }, timing);
    await timers.scheduleAfter(fixture.request('sla-warning:task-max'), 60_000);
    await timers.every(fixture.request('renew-watches-max'), 3_600_000);

    const report = await waitingReport(fixture.ns.pool, fixture.schema);
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    expect(report.debouncedKeys.find((t) => t.key === 'validate:h-max')).toMatchObject({
      fireAt: new Date(start + 9_000),
      firstScheduledAt: new Date(start),
      maxWaitMs: 12_000,
      latestFireAt: new Date(start + 12_000),
    });
    for (const key of ['sla-warning:task-max', 'renew-watches-max']) {
      expect(report.timers.find((t) => t.key === key)).toMatchObject({ maxWaitMs: null, latestFireAt: null });
    }
    // A key debounced, then scheduled as a one-off: it has no max wait any more.
    await timers.scheduleAfter(fixture.request('validate:h-max'), 1_000);
    expect((await waitingReport(fixture.ns.pool, fixture.schema)).timers.find((t) => t.key === 'validate:h-max')).toMatchObject({ kind: 'at', latestFireAt: null });
  });
});

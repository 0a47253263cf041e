import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterQueue } from '../operations/dead-letter-queue.js';
import { domainStreamName } from '../provisioning/names.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { WorkerProcess } from '../test-support/worker.process.js';

const fixture = new WorkerFixture();
const running: WorkerProcess[] = [];
// A short ack wait, so what a killed worker had in flight comes back within the test.
const worker = (env: Record<string, string> = {}) => {
  const started = new WorkerProcess(fixture.settings, { WORKER_ACK_WAIT_MS: '1500', ...env });
  running.push(started);
  return started;
};

beforeAll(() => fixture.prepare());
afterEach(() => Promise.all(running.splice(0).map((w) => w.kill())));
afterAll(() => fixture.ns.dispose());

const uniqueEffects = async () => new Set((await fixture.effects()).map((e) => e.event_id)).size;

// These tests start worker processes (each takes seconds on a loaded 2-core run) and move thousands
// of events: their budget is the waits inside them, not vitest's 30 s default for an int-spec.
const PROCESS_TEST_MS = 300_000;
/** A worker process's start-up, on a loaded machine. */
const READY_MS = 90_000;

/**
 * Waits until every one of `total` events has had its effect. Slow is fine: it fails only when
 * the count stops moving for `stallMs` (far beyond the 1.5 s ack wait that brings back anything a
 * dead process held), which means events are lost, and then it says which ones and what the DLQ holds.
 */
async function waitForEveryEffect(expected: number, stallMs = 45_000): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const now = await uniqueEffects();
    if (now >= expected) return;
    if (now !== last) [last, movedAt] = [now, Date.now()];
    if (Date.now() - movedAt > stallMs) {
      const { rows } = await fixture.ns.pool.query<{ event_id: string }>(
        `SELECT event_id FROM "${fixture.schema}".events e WHERE type = 'test.item.added'
           AND NOT EXISTS (SELECT 1 FROM "${fixture.schema}".effects f WHERE f.event_id = e.event_id) LIMIT 20`,
      );
      const connection = await fixture.ns.natsConnection();
      const dlq = await new DeadLetterQueue(await connection.jetstreamManager(), connection.jetstream(), fixture.ns.namespace).list(20);
      throw new Error(
        `lost: ${now} of ${expected} effects, no progress for ${stallMs} ms; without effect: ${rows.map((r) => r.event_id).join(', ')}; ` +
          `dead letters: ${JSON.stringify(dlq.map((l) => ({ eventId: l.eventId, reason: l.reason, error: l.error })))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('killed processes (SIGKILL)', () => {
  it('two replicas: one relay leads, consumers are shared, the other takes over when the leader dies', async () => {
    const [a, b] = [worker(), worker()];
    await Promise.all([a.ready(READY_MS), b.ready(READY_MS)]);
    await expect.poll(() => [a.isLeader, b.isLeader].filter(Boolean).length, { timeout: 30_000 }).toBe(1);
    const leader = a.isLeader ? a : b;
    const follower = leader === a ? b : a;

    for (let i = 0; i < 20; i++) await fixture.add(`shared-${i}`, [{ delayMs: 20 }]);
    await fixture.waitForEffects(20, 60_000);
    expect(new Set((await fixture.effects()).map((e) => e.pid))).toEqual(new Set([a.pid, b.pid]));

    await leader.kill();
    await expect.poll(() => follower.isLeader, { timeout: 30_000 }).toBe(true);
    await fixture.add('after-takeover', [{}]);
    await expect.poll(uniqueEffects, { timeout: 30_000 }).toBe(21);
  }, PROCESS_TEST_MS);

  it('relay killed mid-batch: no event lost, the republished duplicates absorbed', async () => {
    const before = await uniqueEffects();
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    const messages = async () => (await jsm.streams.info(stream).catch(() => undefined))?.state.messages ?? 0;
    // The earlier tests' events are in the stream already: "mid-batch" is past those.
    const earlier = await messages();
    const relay = worker();
    await relay.ready(READY_MS);
    const total = 3_000;
    for (let i = 0; i < total / 100; i++) await fixture.add(`bulk-${i}`, Array.from({ length: 100 }, () => ({})));
    await expect.poll(messages, { timeout: 60_000, interval: 5 }).toBeGreaterThan(earlier + 1);
    await relay.kill();
    expect(await uniqueEffects()).toBeLessThan(before + total);

    const successor = worker();
    await successor.ready(READY_MS);
    await waitForEveryEffect(before + total);
    const effects = await fixture.effects();
    expect(effects.length).toBe(new Set(effects.map((e) => e.event_id)).size);
  }, PROCESS_TEST_MS);

  it('consumer killed mid-handler: the event is redelivered and its effect happens exactly once', async () => {
    const first = worker({ WORKER_DIES_ON_EXIT_EVENTS: '1' });
    await first.ready(READY_MS);
    const [doomed] = await fixture.add('doomed', [{ behaviour: 'exit' }]);
    await new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
    expect((await fixture.effects()).some((e) => e.event_id === doomed.id)).toBe(false);

    const second = worker();
    await second.ready(READY_MS);
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => e.event_id === doomed.id), { timeout: 60_000 })
      .toEqual([expect.objectContaining({ pid: second.pid })]);
  }, PROCESS_TEST_MS);
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

describe('killed processes (SIGKILL)', () => {
  it('two replicas: one relay leads, consumers are shared, the other takes over when the leader dies', async () => {
    const [a, b] = [worker(), worker()];
    await Promise.all([a.ready(), b.ready()]);
    await expect.poll(() => [a.isLeader, b.isLeader].filter(Boolean).length, { timeout: 5_000 }).toBe(1);
    const leader = a.isLeader ? a : b;
    const follower = leader === a ? b : a;

    for (let i = 0; i < 20; i++) await fixture.add(`shared-${i}`, [{ delayMs: 20 }]);
    await fixture.waitForEffects(20);
    expect(new Set((await fixture.effects()).map((e) => e.pid))).toEqual(new Set([a.pid, b.pid]));

    await leader.kill();
    await expect.poll(() => follower.isLeader, { timeout: 10_000 }).toBe(true);
    await fixture.add('after-takeover', [{}]);
    await expect.poll(uniqueEffects, { timeout: 10_000 }).toBe(21);
  });

  it('relay killed mid-batch: no event lost, the republished duplicates absorbed', async () => {
    const before = await uniqueEffects();
    const relay = worker();
    await relay.ready();
    const total = 3_000;
    for (let i = 0; i < total / 100; i++) await fixture.add(`bulk-${i}`, Array.from({ length: 100 }, () => ({})));
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    await expect.poll(async () => (await jsm.streams.info(stream)).state.messages, { timeout: 10_000, interval: 5 }).toBeGreaterThan(1);
    await relay.kill();
    expect(await uniqueEffects()).toBeLessThan(before + total);

    const successor = worker();
    await successor.ready();
    await expect.poll(uniqueEffects, { timeout: 30_000 }).toBe(before + total);
    const effects = await fixture.effects();
    expect(effects.length).toBe(new Set(effects.map((e) => e.event_id)).size);
  });

  it('consumer killed mid-handler: the event is redelivered and its effect happens exactly once', async () => {
    const first = worker({ WORKER_DIES_ON_EXIT_EVENTS: '1' });
    await first.ready();
    const [doomed] = await fixture.add('doomed', [{ behaviour: 'exit' }]);
    await new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
    expect((await fixture.effects()).some((e) => e.event_id === doomed.id)).toBe(false);

    const second = worker();
    await second.ready();
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => e.event_id === doomed.id), { timeout: 15_000 })
      .toEqual([expect.objectContaining({ pid: second.pid })]);
  });
});

import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import type { EventingRuntime } from './eventing-runtime.js';

const fixture = new WorkerFixture();
const ns = fixture.ns.namespace;
/** A stream of another owner on the subjects eventing must provision: its start-up fails while it exists. */
const blocker = `${ns.toUpperCase()}_BLOCKER`;
let app: INestApplication | undefined;

beforeAll(() => fixture.prepare());
afterAll(async () => {
  await app?.close();
  await fixture.ns.dispose();
});

describe('eventing whose start-up fails', () => {
  let runtime: EventingRuntime;

  it('reports the relay and every consumer as not running, with the reason', async () => {
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    await jsm.streams.add({ name: blocker, subjects: [`${ns}.dlq.>`, `${ns}.test.>`] });
    ({ app, runtime } = await startWorker(fixture.settings, { wait: false }));

    await expect.poll(() => runtime.health().relay.error ?? '', { timeout: 15_000 }).toMatch(/overlap/i);
    const health = runtime.health();
    expect(health.healthy).toBe(false);
    expect(health.relay.running).toBe(false);
    expect(health.consumers.length).toBeGreaterThan(0);
    for (const consumer of health.consumers) {
      expect(consumer).toEqual({ consumer: expect.any(String), pulling: false, error: expect.stringMatching(/overlap/i) });
    }
  });

  it('recovers once the cause is gone: the relay publishes and the consumers pull', async () => {
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    await jsm.streams.delete(blocker);

    await expect.poll(() => runtime.health(), { timeout: 30_000, interval: 100 }).toMatchObject({ healthy: true });
    await runtime.ready;
    const [added] = await fixture.add('after-recovery', [{}]);
    const effects = await fixture.waitForEffects(1, 20_000);
    expect(effects.map((effect) => effect.event_id)).toEqual([added.id]);
  }, 60_000);
});

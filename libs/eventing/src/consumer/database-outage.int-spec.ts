import type { INestApplication } from '@nestjs/common';
import { FailedAttempts } from '@switchboard/durable';
import { TcpProxy } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '../dead-letter/dead-letters.js';
import type { EventingRuntime } from '../module/eventing-runtime.js';
import { deadLetterStreamName, domainStreamName } from '../provisioning/names.js';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';

/**
 * Longer than JetStream's safety net lasts when every delivery fails at once: max_deliver is the
 * worker's 3 attempts + 20, and a delivery that could not be processed comes back after 1 s.
 */
const OUTAGE_MS = 32_000;

const fixture = new WorkerFixture();
const database = new URL(fixture.settings.databaseUrl);
/** The worker reaches PostgreSQL through it, the test directly. */
const proxy = new TcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
let app: INestApplication;
let runtime: EventingRuntime;

beforeAll(async () => {
  await proxy.accept();
  await fixture.prepare();
  ({ app, runtime } = await startWorker({ ...fixture.settings, databaseUrl: proxy.urlFor(fixture.settings.databaseUrl) }));
}, 60_000);
afterAll(async () => {
  await proxy.accept();
  await app?.close();
  await proxy.refuse();
  await fixture.ns.dispose();
});

const effectsConsumer = () => runtime.health().consumers.find((c) => c.consumer === 'worker-effects')!;
const deadLetterOf = async (eventId: string) =>
  (await fixture.streamMessages(deadLetterStreamName(fixture.ns.namespace), '>')).find((m) => m.header.get(DEAD_LETTER_HEADERS.eventId) === eventId);
/** Every delivery the effects consumer made, redeliveries included. */
const deliveries = async () => {
  const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
  const info = await jsm.consumers.info(domainStreamName(fixture.ns.namespace, 'test'), `${fixture.ns.namespace}_worker-effects`);
  return info.delivered.consumer_seq;
};

describe('PostgreSQL unreachable for a while', () => {
  it('is waited out: each event is handled once after it returns, in order, with no attempt used and nothing parked', async () => {
    const deliveredBefore = await deliveries();
    // The second event of the aggregate waits for the first, which the outage cuts short.
    const [event, later] = await fixture.add('outage', [{ delayMs: 2_000 }, {}]);
    // The handler has begun (its transaction is open) when the database goes away under it.
    await expect.poll(() => fixture.attemptOffsets(event.id), { timeout: 20_000 }).toHaveLength(1);
    await proxy.refuse();
    const outageEnds = Date.now() + OUTAGE_MS;
    await expect.poll(effectsConsumer, { timeout: 15_000 }).toMatchObject({ pulling: false, error: expect.stringContaining('waiting for PostgreSQL') });
    // How long the outage lasts is what is under test here, not a wait for an outcome.
    await new Promise((resolve) => setTimeout(resolve, outageEnds - Date.now()));
    await proxy.accept();

    const effects = async () => (await fixture.effects()).filter((e) => e.item_id === 'outage');
    await expect.poll(effects, { timeout: 30_000 }).toHaveLength(2);
    // The run the outage cut short was no attempt: the one that succeeded is the first.
    expect((await effects()).map((e) => [e.event_id, e.attempt])).toEqual([
      [event.id, 1],
      [later.id, 1],
    ]);
    expect(await new FailedAttempts(fixture.ns.pool, fixture.schema).ofRun(event.correlationId!)).toEqual([]);
    expect(await deadLetterOf(event.id)).toBeUndefined();
    expect(await deadLetterOf(later.id)).toBeUndefined();
    // Not pulling while it waited: a few deliveries each, not one a second up to max_deliver.
    expect((await deliveries()) - deliveredBefore).toBeLessThanOrEqual(8);
    await expect.poll(effectsConsumer, { timeout: 10_000 }).toMatchObject({ pulling: true });
  }, 120_000);

  it("still counts a handler's own failure that looks like a lost connection while the database answers", async () => {
    const [refused] = await fixture.add('provider-refused', [{ behaviour: 'provider-refused' }]);
    await expect.poll(() => deadLetterOf(refused.id), { timeout: 20_000 }).toBeDefined();
    const letter = (await deadLetterOf(refused.id))!;
    expect(letter.header.get(DEAD_LETTER_HEADERS.reason)).toBe('attempts-exhausted');
    expect(letter.header.get(DEAD_LETTER_HEADERS.attempts)).toBe('3');
    expect(effectsConsumer().pulling).toBe(true);
  }, 60_000);
});

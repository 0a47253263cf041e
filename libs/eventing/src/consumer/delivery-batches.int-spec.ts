import { FailedAttempts } from '@switchboard/durable';
import { TcpProxy } from '@switchboard/testing';
import { headers } from 'nats';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainStreamName, wireSubject } from '../provisioning/names.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { WorkerProcess } from '../test-support/worker.process.js';

/** The worker's effects handler with `batch: true` (ADR 0005, #18). */
const fixture = new WorkerFixture();
const running: WorkerProcess[] = [];
const worker = async (env: Record<string, string> = {}, databaseUrl = fixture.settings.databaseUrl) => {
  const started = new WorkerProcess({ ...fixture.settings, databaseUrl }, { WORKER_BATCH: '1', WORKER_ACK_WAIT_MS: '2000', ...env });
  running.push(started);
  await started.ready(90_000);
  return started;
};

beforeAll(() => fixture.prepare());
afterAll(async () => {
  await Promise.all(running.splice(0).map((w) => w.kill()));
  await fixture.ns.dispose();
});

const attemptsOf = async (eventId: string) =>
  (await fixture.ns.pool.query<{ at: Date }>(`SELECT at FROM "${fixture.schema}".attempts WHERE event_id = $1 ORDER BY at`, [eventId])).rows;
const effectsOf = async (prefix: string) => (await fixture.effects()).filter((e) => e.item_id.startsWith(prefix));
const txOf = async (eventId: string) =>
  (await fixture.ns.pool.query(`SELECT tx::text FROM "${fixture.schema}".effects WHERE event_id = $1`, [eventId])).rows.map((r) => r.tx);

/**
 * Holds the consumer's current batch for 1.5 s (its handler started): what is appended meanwhile is
 * in hand when the next batch begins, so it all runs in that one.
 */
async function pace(name: string): Promise<void> {
  const [pacer] = await fixture.add(`pacer-${name}`, [{ delayMs: 1_500 }]);
  await expect.poll(async () => (await attemptsOf(pacer.id)).length, { timeout: 30_000 }).toBe(1);
}

describe('a batched handler', () => {
  beforeAll(() => worker(), 120_000);

  it('commits the others of a batch where one fails, and retries only the failed one', async () => {
    await pace('one-fails');
    const ok = (await Promise.all([0, 1, 2, 3].map((i) => fixture.add(`one-fails-ok-${i}`, [{}])))).flat();
    const [failing] = await fixture.add('one-fails-bad', [{ behaviour: 'fail-once' }]);
    await expect.poll(async () => (await effectsOf('one-fails')).length, { timeout: 30_000 }).toBe(5);

    // One transaction carried the four (a batch, not four commits), and each of them ran once.
    expect(new Set((await Promise.all(ok.map((e) => txOf(e.id)))).flat()).size).toBe(1);
    for (const event of ok) expect(await attemptsOf(event.id)).toHaveLength(1);
    const effects = await effectsOf('one-fails');
    expect(effects.find((e) => e.event_id === failing.id)?.attempt).toBe(2);
    expect(await attemptsOf(failing.id)).toHaveLength(2);
    expect(await txOf(failing.id)).not.toEqual(await txOf(ok[0].id));
  }, 90_000);

  it("sends an aggregate's later events in the batch back to wait, and runs them in order after the failed one succeeds", async () => {
    await pace('order');
    const [first, second, third] = await fixture.add('order', [{ behaviour: 'fail-once' }, {}, {}]);
    const [other] = await fixture.add('order-other', [{}]);
    await expect.poll(async () => (await effectsOf('order')).length, { timeout: 30_000 }).toBe(4);

    const effects = (await fixture.effects()).filter((e) => e.item_id === 'order');
    expect(effects.map((e) => [e.event_id, e.attempt])).toEqual([
      [first.id, 2],
      [second.id, 1],
      [third.id, 1],
    ]);
    // The later two never ran before the first succeeded: each ran once, after its first attempt.
    const [firstTry] = await attemptsOf(first.id);
    for (const later of [second, third]) {
      const runs = await attemptsOf(later.id);
      expect(runs).toHaveLength(1);
      expect(runs[0].at.getTime()).toBeGreaterThan(firstTry.at.getTime());
    }
    expect(await attemptsOf(other.id)).toHaveLength(1);
  }, 90_000);

  it('runs an event once whatever copies of it come, in one batch and across batches', async () => {
    const connection = await fixture.ns.natsConnection();
    const subject = wireSubject(fixture.ns.namespace, 'test.item.added.v1');
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    await pace('copies');
    const [event] = await fixture.add('copies', [{}]);
    const jsm = await connection.jetstreamManager();
    // Quick enough to copy it while the pacer still holds the batch: the copies join the original's.
    const latest = () => jsm.streams.getMessage(stream, { last_by_subj: subject });
    await expect.poll(async () => (await latest()).header.get('Nats-Msg-Id'), { timeout: 15_000, interval: 10 }).toBe(event.id);
    const original = await latest();
    // Republished without a Nats-Msg-Id, as a relay replaying a lost stream would: new sequences, same event.
    const copy = async () => {
      const copyHeaders = headers();
      for (const [key, values] of original.header) if (key !== 'Nats-Msg-Id') values.forEach((value) => copyHeaders.append(key, value));
      return (await connection.jetstream().publish(subject, original.data, { headers: copyHeaders })).seq;
    };
    await copy();
    await copy();
    await expect.poll(async () => (await effectsOf('copies')).length, { timeout: 30_000 }).toBe(1);
    const last = await copy();
    await expect
      .poll(async () => (await jsm.consumers.info(stream, `${fixture.ns.namespace}_worker-effects`)).ack_floor.stream_seq >= last, { timeout: 30_000 })
      .toBe(true);
    expect(await effectsOf('copies')).toHaveLength(1);
    // The copies in the batch of the original never reached the handler.
    expect(await attemptsOf(event.id)).toHaveLength(1);
  }, 90_000);

  it('appends in one transaction, whose events the relay publishes (the gapless read sees them)', async () => {
    await pace('appends');
    const dials = (await Promise.all([0, 1, 2].map((i) => fixture.add(`appends-${i}`, [{ behaviour: 'dial' }])))).flat();
    await expect.poll(async () => (await effectsOf('appends')).length, { timeout: 30_000 }).toBe(3);
    const { rows } = await fixture.ns.pool.query(`SELECT DISTINCT tx_id::text FROM "${fixture.schema}".events WHERE stream_id LIKE 'call-appends-%'`);
    expect(rows).toHaveLength(1);
    expect(new Set((await Promise.all(dials.map((e) => txOf(e.id)))).flat())).toEqual(new Set([rows[0].tx_id]));
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    await expect
      .poll(async () => (await fixture.streamMessages(stream, 'test.call.placed.v1')).filter((m) => m.data.length && new TextDecoder().decode(m.data).includes('appends-')).length, { timeout: 15_000 })
      .toBe(3);
  }, 90_000);
});

describe('a batch cut short', () => {
  beforeEach(() => Promise.all(running.splice(0).map((w) => w.kill())));
  afterEach(() => Promise.all(running.splice(0).map((w) => w.kill())));

  it('by a crash before its commit: redelivered, each effect exactly once', async () => {
    const dying = await worker({ WORKER_DIES_ON_EXIT_EVENTS: '1' });
    await pace('crash');
    const ok = (await Promise.all([0, 1, 2].map((i) => fixture.add(`crash-ok-${i}`, [{}])))).flat();
    await fixture.add('crash-z-exit', [{ behaviour: 'exit' }]);
    await expect.poll(() => dying.child.signalCode, { timeout: 30_000 }).toBe('SIGKILL');
    // The three ran in the batch that died: nothing of it committed.
    for (const event of ok) expect(await attemptsOf(event.id)).toHaveLength(1);
    expect(await effectsOf('crash')).toHaveLength(0);

    await worker();
    await expect.poll(async () => (await effectsOf('crash')).length, { timeout: 60_000 }).toBe(4);
    const effects = await effectsOf('crash');
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(4);
    for (const event of ok) expect(await attemptsOf(event.id)).toHaveLength(2);
  }, 180_000);

  it('by PostgreSQL going away: every delivery of the batch waits it out, none counted, nothing lost', async () => {
    const database = new URL(fixture.settings.databaseUrl);
    const proxy = new TcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
    await proxy.accept();
    try {
      await worker({}, proxy.urlFor(fixture.settings.databaseUrl));
      await pace('outage');
      const events = (await Promise.all([0, 1, 2, 3].map((i) => fixture.add(`outage-${i}`, [{ delayMs: 500 }])))).flat();
      // The batch has begun (its first handler ran) when the database goes away under it.
      await expect.poll(async () => (await attemptsOf(events[0].id)).length, { timeout: 30_000 }).toBeGreaterThan(0);
      await proxy.refuse();
      // How long the outage lasts is what is under test here, not a wait for an outcome.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await proxy.accept();
      await expect.poll(async () => (await effectsOf('outage')).length, { timeout: 60_000 }).toBe(4);
      const effects = await effectsOf('outage');
      expect(effects.map((e) => e.attempt)).toEqual([1, 1, 1, 1]);
      expect(new Set(effects.map((e) => e.event_id)).size).toBe(4);
      expect(await new FailedAttempts(fixture.ns.pool, fixture.schema).ofRun(events[0].correlationId!)).toEqual([]);
    } finally {
      await Promise.all(running.splice(0).map((w) => w.kill()));
      await proxy.refuse();
    }
  }, 180_000);
});

import { ProviderSimulator } from '@switchboard/testing';
import { headers } from 'nats';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '../dead-letter/dead-letters.js';
import { deadLetterStreamName, domainStreamName } from '../provisioning/names.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { callee } from '../test-support/worker.handlers.js';
import { WorkerProcess } from '../test-support/worker.process.js';

const fixture = new WorkerFixture();
let simulator: ProviderSimulator;
const running: WorkerProcess[] = [];
// A 1 s ack wait: whatever a worker holds without progress acks comes back within the test.
const worker = async (env: Record<string, string> = {}) => {
  const started = new WorkerProcess(fixture.settings, { WORKER_ACK_WAIT_MS: '1000', WORKER_TWILIO_URL: simulator.baseUrl, ...env });
  running.push(started);
  await started.ready(90_000);
  return started;
};

beforeAll(async () => {
  await fixture.prepare();
  simulator = await ProviderSimulator.start();
});
afterEach(() => Promise.all(running.splice(0).map((w) => w.kill())));
afterAll(async () => {
  await simulator.stop();
  await fixture.ns.dispose();
});

const stream = () => domainStreamName(fixture.ns.namespace, 'test');

async function consumerInfo(durable: string) {
  const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
  return jsm.consumers.info(stream(), `${fixture.ns.namespace}_${durable}`);
}

const attemptsOf = async (eventId: string) =>
  (await fixture.ns.pool.query(`SELECT attempt FROM "${fixture.schema}".attempts WHERE event_id = $1`, [eventId])).rows.length;

describe('a parked message', () => {
  it('is never delivered again: the server stops delivering it after one delivery', async () => {
    await worker();
    const [refused] = await fixture.add('parked-once', [{ behaviour: 'non-retriable' }]);
    const letters = async () =>
      (await fixture.streamMessages(deadLetterStreamName(fixture.ns.namespace), '>')).filter(
        (m) => m.header.get(DEAD_LETTER_HEADERS.eventId) === refused.id,
      );
    await expect.poll(async () => (await letters()).length, { timeout: 10_000 }).toBe(1);
    const seq = Number((await letters())[0].header.get(DEAD_LETTER_HEADERS.sequence));
    // Terminated means acknowledged for good: the ack floor passes it and nothing of it is pending.
    await expect.poll(async () => (await consumerInfo('worker-effects')).ack_floor.stream_seq, { timeout: 15_000 }).toBeGreaterThanOrEqual(seq);
    const info = await consumerInfo('worker-effects');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_redelivered).toBe(0);
    expect(await attemptsOf(refused.id)).toBe(1);
    expect(await letters()).toHaveLength(1);
  }, 120_000);
});

describe('a failing lease release', () => {
  it('is logged, not fatal: the process lives on and handles the next event', async () => {
    // A real database error on the release only: the trigger refuses to delete this key's lease.
    await fixture.ns.pool.query(`
      CREATE FUNCTION "${fixture.schema}".refuse_release() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'simulated outage on release'; END $$;
      CREATE TRIGGER refuse_release BEFORE DELETE ON "${fixture.schema}".concurrency_leases
        FOR EACH ROW WHEN (OLD.key = 'release-fails') EXECUTE FUNCTION "${fixture.schema}".refuse_release()`);
    const replica = await worker();
    await fixture.queueJobs([{ key: 'release-fails', workMs: 10 }]);
    await expect.poll(async () => (await fixture.jobs()).filter((j) => j.key === 'release-fails').length, { timeout: 15_000 }).toBe(1);
    await fixture.queueJobs([{ key: 'after-release-failure', workMs: 10 }]);
    await expect
      .poll(async () => (await fixture.jobs()).filter((j) => j.key === 'after-release-failure').map((j) => j.pid), { timeout: 15_000 })
      .toEqual([replica.pid]);
    expect(replica.child.exitCode).toBeNull();
    expect(replica.log).toContain('simulated outage on release');
  }, 120_000);
});

describe('a duplicate delivery', () => {
  it('is acked before flow control: it takes no rate-limit start and runs nothing', async () => {
    await fixture.ns.pool.query(`
      CREATE TABLE "${fixture.schema}".starts_log (key text);
      CREATE FUNCTION "${fixture.schema}".log_start() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN INSERT INTO "${fixture.schema}".starts_log VALUES (NEW.key); RETURN NEW; END $$;
      CREATE TRIGGER log_start AFTER INSERT ON "${fixture.schema}".rate_limit_starts
        FOR EACH ROW EXECUTE FUNCTION "${fixture.schema}".log_start()`);
    await worker();
    await fixture.queueJobs([{ key: 'republished', workMs: 10 }]);
    await expect.poll(async () => (await fixture.jobs()).filter((j) => j.key === 'republished').length, { timeout: 15_000 }).toBe(1);

    // Republished without a Nats-Msg-Id, as a relay replaying a lost stream would: new sequences, same event.
    const connection = await fixture.ns.natsConnection();
    const subject = `${fixture.ns.namespace}.test.job.queued.v1`;
    const original = await (await connection.jetstreamManager()).streams.getMessage(stream(), { last_by_subj: subject });
    const copyHeaders = headers();
    for (const [key, values] of original.header) if (key !== 'Nats-Msg-Id') values.forEach((value) => copyHeaders.append(key, value));
    let last = 0;
    for (let copy = 0; copy < 3; copy++) last = (await connection.jetstream().publish(subject, original.data, { headers: copyHeaders })).seq;
    expect(last).toBeGreaterThan(original.seq + 2);
    await expect
      .poll(async () => {
        const info = await consumerInfo('worker-jobs');
        return info.ack_floor.stream_seq >= last && info.num_ack_pending === 0;
      }, { timeout: 15_000 })
      .toBe(true);
    const starts = await fixture.ns.pool.query(`SELECT count(*)::int AS n FROM "${fixture.schema}".starts_log WHERE key = 'republished'`);
    expect(starts.rows[0].n).toBe(1);
    expect((await fixture.jobs()).filter((j) => j.key === 'republished')).toHaveLength(1);
  }, 120_000);
});

describe('slow handlers that outlive the ack wait', () => {
  it('place exactly one provider call per event, across two replicas with concurrency 2', async () => {
    const replicas = { WORKER_CONCURRENCY: '2' };
    await Promise.all([worker(replicas), worker(replicas)]);
    const numbers = Array.from({ length: 10 }, (_, i) => 900 + i);
    const events = (
      await Promise.all(numbers.map((n) => fixture.add(`slow-call-${n}`, [{ n, behaviour: 'call-provider', delayMs: 3_000 }])))
    ).flat();
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => events.some((a) => a.id === e.event_id)).length, { timeout: 60_000 })
      .toBe(events.length);
    // Let every copy that was in hand reach its outcome before counting.
    await expect
      .poll(async () => {
        const info = await consumerInfo('worker-effects');
        return info.num_ack_pending === 0 && info.num_pending === 0;
      }, { timeout: 30_000 })
      .toBe(true);
    const calls = simulator.state.requests.filter((r) => r.endpoint === 'twilio.calls.create').map((r) => r.body.To);
    expect(numbers.map((n) => calls.filter((to) => to === callee(n)).length)).toEqual(numbers.map(() => 1));
    expect((await fixture.effects()).filter((e) => events.some((a) => a.id === e.event_id))).toHaveLength(events.length);
  }, 180_000);
});

describe('a message that cannot be parked', () => {
  it('is not dropped on the last delivery JetStream will make: it is parked once the DLQ takes it again', async () => {
    const replica = await worker();
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    const dlq = deadLetterStreamName(fixture.ns.namespace);
    const { config } = await jsm.streams.info(dlq);
    await jsm.streams.delete(dlq);
    const [poison] = await fixture.add('unparkable', [{ behaviour: 'poison' }]);
    // Every park fails until the message reaches the safety net, the last delivery there is.
    await expect.poll(() => replica.log.includes('(max-deliveries)'), { timeout: 90_000, interval: 200 }).toBe(true);
    await jsm.streams.add(config);
    const letters = async () =>
      (await fixture.streamMessages(dlq, '>')).filter((m) => m.header.get(DEAD_LETTER_HEADERS.eventId) === poison.id);
    await expect.poll(async () => (await letters()).length, { timeout: 30_000 }).toBe(1);
    expect((await letters())[0].header.get(DEAD_LETTER_HEADERS.reason)).toBe('max-deliveries');
  }, 180_000);
});

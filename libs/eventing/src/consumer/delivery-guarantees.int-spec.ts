import { ProviderSimulator } from '@switchboard/testing';
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
  await started.ready();
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
  }, 60_000);
});

import type { INestApplication } from '@nestjs/common';
import type { JetStreamManager } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayConsumer } from '../operations/replay-consumer.js';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { domainStreamName } from './names.js';

const fixture = new WorkerFixture();
let app: INestApplication;
let jsm: JetStreamManager;
let stream: string;
let consumer: string;

beforeAll(async () => {
  await fixture.prepare();
  ({ app } = await startWorker(fixture.settings));
  jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
  stream = domainStreamName(fixture.ns.namespace, 'test');
  consumer = `${fixture.ns.namespace}_worker-effects`;
});
afterAll(async () => {
  await app.close();
  await fixture.ns.dispose();
});

const handledTimes = async (eventId: string) => (await fixture.effects()).filter((e) => e.event_id === eventId).length;

/** The running worker has provisioned the consumer again and it has nothing left to deliver. */
async function waitUntilRecreatedAndDrained(): Promise<void> {
  await expect
    .poll(
      async () => {
        const info = await jsm.consumers.info(stream, consumer).catch(() => undefined);
        return info !== undefined && info.delivered.consumer_seq > 0 && info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeout: 20_000, interval: 100 },
    )
    .toBe(true);
}

describe('replay generation', () => {
  it('survives the loss of the consumer: events handled under a replay do not run again', async () => {
    const [early] = await fixture.add('before-replay', [{}]);
    await expect.poll(() => handledTimes(early.id), { timeout: 15_000 }).toBe(1);
    const fromSequence = (await jsm.streams.info(stream)).state.last_seq;
    const { generation } = await replayConsumer(jsm, stream, consumer, { fromSequence });
    expect(generation).toBe(1);
    await expect.poll(() => handledTimes(early.id), { timeout: 15_000 }).toBe(2);
    // Handled only under generation 1: a consumer recreated at generation 0 would run it again.
    const [late] = await fixture.add('after-replay', [{}]);
    await expect.poll(() => handledTimes(late.id), { timeout: 15_000 }).toBe(1);

    await jsm.consumers.delete(stream, consumer);
    await waitUntilRecreatedAndDrained();

    expect(await handledTimes(late.id)).toBe(1);
    expect(await handledTimes(early.id)).toBe(2);
    const { config } = await jsm.consumers.info(stream, consumer);
    expect(config.description).toContain('replay-generation=1');
  });

  it('a replay after the loss starts the next generation, so it reprocesses again', async () => {
    const [late] = (await fixture.effects()).filter((e) => e.item_id === 'after-replay');
    const fromSequence = (await jsm.streams.info(stream)).state.last_seq;
    const { generation } = await replayConsumer(jsm, stream, consumer, { fromSequence });
    expect(generation).toBe(2);
    await expect.poll(() => handledTimes(late.event_id), { timeout: 15_000 }).toBe(2);
  });
});

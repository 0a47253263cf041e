import { runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { JetStreamClient, JetStreamManager } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayConsumer } from '../operations/replay-consumer.js';
import { JetStreamProvisioner, type ConsumerSpec } from './jetstream-provisioner.js';
import { consumerName, domainStreamName, wireSubject } from './names.js';
import { ReplayGenerations } from './replay-generation.store.js';

const ns = new TestNamespace();
const schema = ns.schema('svc');
let jsm: JetStreamManager;
let js: JetStreamClient;
let provisioner: JetStreamProvisioner;
let generations: ReplayGenerations;
const stream = domainStreamName(ns.namespace, 'test');
const subject = (version: number) => wireSubject(ns.namespace, `test.thing.happened.v${version}`);
const spec = (durable: string, version: number): ConsumerSpec => ({
  durable,
  domain: 'test',
  filterSubject: subject(version),
  ackWaitMs: 10_000,
  maxDeliver: 4,
  maxAckPending: 100,
});

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema });
  const connection = await ns.natsConnection();
  jsm = await connection.jetstreamManager();
  js = connection.jetstream();
  generations = new ReplayGenerations(ns.pool, schema);
  provisioner = new JetStreamProvisioner(jsm, { namespace: ns.namespace, generations });
  await provisioner.ensureDomainStream('test');
});
afterAll(() => ns.dispose());

const publish = (version: number, body: string) => js.publish(subject(version), new TextEncoder().encode(body));

/** Pulls and acks `count` messages of the consumer, in delivery order. */
async function take(name: string, count: number): Promise<string[]> {
  const consumer = await js.consumers.get(stream, name);
  const bodies: string[] = [];
  while (bodies.length < count) {
    const message = await consumer.next({ expires: 10_000 });
    if (!message) throw new Error(`only ${bodies.length} of ${count} messages delivered: ${bodies.join(', ')}`);
    bodies.push(message.string());
    await message.ackAck();
  }
  return bodies;
}

async function drained(name: string): Promise<boolean> {
  const info = await jsm.consumers.info(stream, name);
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

describe('ensureConsumer', () => {
  it('moving a handler to v2 delivers every v2 event, those published before the move too, under the same generation', async () => {
    const name = await provisioner.ensureConsumer(spec('svc-move', 1));
    await publish(1, 'a');
    await publish(2, 'early'); // a producer already on v2, the consumer still filtering v1
    await publish(1, 'b');
    expect(await take(name, 2)).toEqual(['a', 'b']);
    const { generation } = await replayConsumer(jsm, stream, name, { fromSequence: 1 }, generations);
    expect(await take(name, 2)).toEqual(['a', 'b']);
    await publish(2, 'late');

    await provisioner.ensureConsumer(spec('svc-move', 2));

    const { config } = await jsm.consumers.info(stream, name);
    expect(config.filter_subject).toBe(subject(2));
    expect(config.description).toBe(`replay-generation=${generation}`);
    expect(await take(name, 2)).toEqual(['early', 'late']);
    expect(await drained(name)).toBe(true);
  });

  it('a replica of the older release in a rolling deploy does not pull the consumer back to v1', async () => {
    const name = await provisioner.ensureConsumer(spec('svc-rolling', 2));
    await provisioner.ensureConsumer(spec('svc-rolling', 1));
    expect((await jsm.consumers.info(stream, name)).config.filter_subject).toBe(subject(2));
  });

  it('a replay generation recorded while no replica ran survives the loss of the consumer', async () => {
    const name = await provisioner.ensureConsumer(spec('svc-lost', 1));
    await replayConsumer(jsm, stream, name, { fromSequence: 1 }, generations);
    const { generation } = await replayConsumer(jsm, stream, name, { fromSequence: 1 }, generations);
    expect(generation).toBe(2);
    await jsm.consumers.delete(stream, name);

    await provisioner.ensureConsumer(spec('svc-lost', 1));

    expect((await jsm.consumers.info(stream, name)).config.description).toBe('replay-generation=2');
    expect(await generations.latest(consumerName(ns.namespace, 'svc-lost'))).toBe(2);
  });
});

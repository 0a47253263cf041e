import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandBus } from '../commands/command-bus.js';
import { NatsClient } from '../connection/nats-client.js';
import { replayConsumer } from '../operations/replay-consumer.js';
import { domainStreamName } from '../provisioning/names.js';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';

const fixture = new WorkerFixture();
let app: INestApplication;

beforeAll(async () => {
  await fixture.prepare();
  ({ app } = await startWorker(fixture.settings));
});
afterAll(async () => {
  await app.close();
  await fixture.ns.dispose();
});

describe('outbox relay', () => {
  it('restores a deleted stream from the store; the consumers inbox absorbs the replay', async () => {
    const before = await fixture.add('kept', [{}, {}, {}]);
    await fixture.waitForEffects(3);
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    await jsm.streams.delete(stream);

    const [after] = await fixture.add('after-loss', [{}]);
    await expect.poll(async () => (await fixture.effects()).length, { timeout: 15_000 }).toBe(4);
    const republished = (await fixture.streamMessages(stream, 'test.item.added.v1')).map((m) => m.header.get('Nats-Msg-Id'));
    expect(republished).toEqual([...before.map((e) => e.id), after.id]);
    // Old events were delivered again to the recreated consumer, and found in its inbox.
    const effects = await fixture.effects();
    expect(new Set(effects.map((e) => e.event_id)).size).toBe(4);
  });
});

describe('replay', () => {
  it('a deliberate replay reprocesses the range, once more, while redeliveries stay deduplicated', async () => {
    const before = (await fixture.effects()).length;
    const replayed = await fixture.add('replayed', [{}, {}]);
    await expect.poll(async () => (await fixture.effects()).length, { timeout: 10_000 }).toBe(before + 2);
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const connection = await fixture.ns.natsConnection();
    const jsm = await connection.jetstreamManager();
    const firstSeq = (await jsm.streams.getMessage(stream, { last_by_subj: `${fixture.ns.namespace}.test.item.added.v1` })).seq - 1;

    const { generation } = await replayConsumer(jsm, stream, `${fixture.ns.namespace}_worker-effects`, { fromSequence: firstSeq });
    expect(generation).toBe(1);
    await expect.poll(async () => (await fixture.effects()).length, { timeout: 10_000 }).toBe(before + 4);
    const handled = (await fixture.effects()).filter((e) => replayed.some((r) => r.id === e.event_id));
    expect(handled).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fixture.effects()).length).toBe(before + 4);
  });
});

describe('replay is safe', () => {
  it('never repeats an external side effect, and the read model ends equal to before', async () => {
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const jsm = await (await fixture.ns.natsConnection()).jetstreamManager();
    const fromSequence = (await jsm.streams.info(stream)).state.last_seq + 1;
    const added = await fixture.add('dial-me', [{ behaviour: 'dial', n: 1 }, { n: 2 }]);
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => added.some((a) => a.id === e.event_id)).length, { timeout: 10_000 })
      .toBe(2);
    const views = async () => (await fixture.ns.pool.query(`SELECT * FROM "${fixture.schema}".views ORDER BY item_id`)).rows;
    const calls = async () =>
      (await fixture.ns.pool.query(`SELECT count(*)::int AS n FROM "${fixture.schema}".provider_calls WHERE item_id = 'dial-me'`)).rows[0].n;
    const viewsBefore = await views();
    expect(await calls()).toBe(1);

    await replayConsumer(jsm, stream, `${fixture.ns.namespace}_worker-effects`, { fromSequence });
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => added.some((a) => a.id === e.event_id)).length, { timeout: 10_000 })
      .toBe(4);
    expect(await calls()).toBe(1);
    expect(await views()).toEqual(viewsBefore);
  });
});

describe('commands over request/reply', () => {
  let bus: CommandBus;
  beforeAll(() => {
    bus = new CommandBus(app.get(NatsClient), fixture.ns.namespace);
  });

  it('returns the handler result', async () => {
    await expect(bus.execute('test.item.describe', { itemId: 'abc' })).resolves.toEqual({ itemId: 'abc', length: 3 });
  });

  it.each([
    [{ itemId: 'missing' }, 'NOT_FOUND'],
    [{}, 'INVALID'],
    [{ itemId: 'crash' }, 'INTERNAL'],
  ])('maps a failure to a typed error (%j -> %s)', async (payload, code) => {
    await expect(bus.execute('test.item.describe', payload)).rejects.toMatchObject({ name: 'CommandError', code });
  });

  it('says UNAVAILABLE when no service answers the command', async () => {
    await expect(bus.execute('test.item.nobody-home', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});

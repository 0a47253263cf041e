import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainStreamName } from '../provisioning/names.js';
import { backUpStream, restoreStream } from '../test-support/stream-backup.js';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';

const fixture = new WorkerFixture();
let app: INestApplication | undefined;

beforeAll(() => fixture.prepare());
afterAll(async () => {
  await app?.close();
  await fixture.ns.dispose();
});

const ids = (events: { id: string }[]) => events.map((e) => e.id);

describe('outbox relay after broker data loss', () => {
  it('republishes what a stream restored from an older backup lost, in store order, then goes on', async () => {
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const connection = await fixture.ns.natsConnection();
    const inStream = async () => (await fixture.streamMessages(stream, 'test.item.added.v1')).map((m) => m.header.get('Nats-Msg-Id'));
    ({ app } = await startWorker(fixture.settings));
    const backedUp = await fixture.add('before-backup', [{}, {}, {}]);
    await expect.poll(inStream, { timeout: 15_000 }).toEqual(ids(backedUp));
    const backup = await backUpStream(connection, stream);
    const lost = await fixture.add('after-backup', [{}, {}, {}]);
    await expect.poll(inStream, { timeout: 15_000 }).toEqual(ids([...backedUp, ...lost]));
    await fixture.waitForEffects(6);

    // The broker's volume comes back from the older backup: same stream (same creation time), fewer messages.
    await app.close();
    app = undefined;
    await (await connection.jetstreamManager()).streams.delete(stream);
    await restoreStream(connection, backup);
    expect(await inStream()).toEqual(ids(backedUp));

    ({ app } = await startWorker(fixture.settings));
    const next = await fixture.add('after-restore', [{}]);
    await expect.poll(inStream, { timeout: 20_000 }).toEqual(ids([...backedUp, ...lost, ...next]));
    await expect.poll(async () => new Set((await fixture.effects()).map((e) => e.event_id)).size, { timeout: 15_000 }).toBe(7);
  });
});

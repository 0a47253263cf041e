import type { INestApplication } from '@nestjs/common';
import { TcpProxy } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainStreamName } from '../provisioning/names.js';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';

const fixture = new WorkerFixture();
const database = new URL(fixture.settings.databaseUrl);
/** The worker reaches PostgreSQL through it; the test appends directly. */
const proxy = new TcpProxy({ host: database.hostname, port: Number(database.port || 5432) });
let app: INestApplication | undefined;

beforeAll(async () => {
  await proxy.accept();
  await fixture.prepare();
  ({ app } = await startWorker({
    ...fixture.settings,
    databaseUrl: proxy.urlFor(fixture.settings.databaseUrl),
    relay: { pollIntervalMs: 200, stepDeadlineMs: 3_000 },
  }));
}, 60_000);
afterAll(async () => {
  await proxy.refuse(); // the stalled connections fail at last, so nothing waits on them while closing
  await proxy.accept();
  await app?.close();
  await proxy.refuse();
  await fixture.ns.dispose();
});

const ids = (events: { id: string }[]) => events.map((e) => e.id);

describe('outbox relay on connections that stop answering', () => {
  it('gives up what hangs and publishes on fresh connections', async () => {
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const inStream = async () => (await fixture.streamMessages(stream, 'test.item.added.v1')).map((m) => m.header.get('Nats-Msg-Id'));
    const before = await fixture.add('before-stall', [{}]);
    await expect.poll(inStream, { timeout: 20_000 }).toEqual(ids(before));

    // Every PostgreSQL connection the relay holds (its lead, its pool) hangs from now on, never failing.
    proxy.stall();
    const after = await fixture.add('after-stall', [{}, {}]);
    await expect.poll(inStream, { timeout: 60_000, interval: 500 }).toEqual(ids([...before, ...after]));
  }, 90_000);
});

import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe("the outbox relay and the service's pool", () => {
  it('publishes while handlers hold every connection of the pool', async () => {
    const pool = app.get(pg.Pool);
    const held = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
    try {
      const [event] = await fixture.add('while-pool-is-full', [{}]);
      const stream = domainStreamName(fixture.ns.namespace, 'test');
      await expect
        .poll(async () => (await fixture.streamMessages(stream, 'test.item.added.v1')).map((m) => m.json<{ id: string }>().id), {
          timeout: 15_000,
          interval: 200,
        })
        .toContain(event.id);
    } finally {
      held.forEach((client) => client.release());
    }
  });
});

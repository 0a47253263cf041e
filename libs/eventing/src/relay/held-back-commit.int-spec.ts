import type { INestApplication } from '@nestjs/common';
import { TEST_DATABASE_URL } from '@switchboard/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';

const fixture = new WorkerFixture();
let app: INestApplication;

beforeAll(async () => {
  await fixture.prepare();
  // A poll so slow that only a wake-up can deliver within the test's deadlines.
  ({ app } = await startWorker({ ...fixture.settings, relay: { pollIntervalMs: 600_000 } }));
});
afterAll(async () => {
  await app?.close();
  await fixture.ns.dispose();
});

describe('outbox relay, an event hidden by an older transaction', () => {
  it('publishes it once that transaction ends, even when it ends without appending anything', { timeout: 90_000 }, async () => {
    const [warm] = await fixture.add('warm', [{}]);
    await expect.poll(async () => (await fixture.effects()).map((e) => e.event_id), { timeout: 30_000, interval: 50 }).toContain(warm.id);

    // Any transaction holding an xid in the cluster, even in another database, hides later commits from the relay's read.
    const blocker = new pg.Client({ connectionString: TEST_DATABASE_URL.replace(/\/[^/?]+(\?|$)/, '/postgres$1') });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      const [held] = await fixture.add('held', [{}]);
      // Held back, never skipped: while the blocker runs, the event stays unpublished.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await fixture.effects()).map((e) => e.event_id)).not.toContain(held.id);

      await blocker.query('COMMIT');
      await expect.poll(async () => (await fixture.effects()).map((e) => e.event_id), { timeout: 30_000, interval: 50 }).toContain(held.id);
    } finally {
      await blocker.end();
    }
  });
});

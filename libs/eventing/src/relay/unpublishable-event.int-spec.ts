import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterQueue } from '../operations/dead-letter-queue.js';
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

describe('outbox relay and an event JetStream cannot take', () => {
  it('parks an event over the NATS max payload as a dead letter with the reason, and relays the events after it', async () => {
    const connection = await fixture.ns.natsConnection();
    const { max_payload } = connection.info!;
    const [oversized] = await fixture.add('oversized', [{ note: 'x'.repeat(max_payload) }]);
    const [next] = await fixture.add('after-oversized', [{}]);

    await expect.poll(async () => (await fixture.effects()).map((e) => e.event_id), { timeout: 15_000 }).toEqual([next.id]);
    const queue = new DeadLetterQueue(await connection.jetstreamManager(), connection.jetstream(), fixture.ns.namespace);
    const letters = await queue.list();
    expect(letters).toEqual([
      expect.objectContaining({
        eventId: oversized.id,
        reason: 'unpublishable',
        error: expect.stringContaining('max payload'),
        originalSubject: `${fixture.ns.namespace}.test.item.added.v1`,
      }),
    ]);
    // Redriving it would publish the stub the letter holds as if it were the event.
    await expect(queue.redrive(letters[0].seq)).resolves.toMatchObject({ redriven: false, refused: expect.stringContaining('too large') });
  });
});

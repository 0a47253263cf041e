import type { INestApplication } from '@nestjs/common';
import { FailedAttempts } from '@switchboard/durable';
import { metricsRegistry } from '@switchboard/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_HEADERS } from '../dead-letter/dead-letters.js';
import { DeadLetterQueue } from '../operations/dead-letter-queue.js';
import { deadLetterStreamName, domainStreamName, wireSubject } from '../provisioning/names.js';
import { startWorker } from '../test-support/worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';

const fixture = new WorkerFixture();
let app: INestApplication;

beforeAll(async () => {
  await fixture.prepare();
  ({ app } = await startWorker(fixture.settings));
});
afterAll(() => fixture.ns.dispose());

describe('store -> relay -> JetStream -> durable consumer', () => {
  it('delivers appended events to the handler, its effects committed once each', async () => {
    const appended = await fixture.add('basic', [{}, {}, {}]);
    const effects = await fixture.waitForEffects(3);
    expect(effects.map((e) => e.event_id).sort()).toEqual(appended.map((e) => e.id).sort());
    const published = await fixture.streamMessages(domainStreamName(fixture.ns.namespace, 'test'), 'test.item.added.v1');
    expect(published.map((m) => m.header.get('Nats-Msg-Id'))).toEqual(expect.arrayContaining(appended.map((e) => e.id)));

    const metrics = await metricsRegistry.metrics();
    const consumer = `${fixture.ns.namespace}_worker-effects`;
    expect(metrics).toMatch(/switchboard_events_published_total\{type="test.item.added"\} [3-9]/);
    expect(metrics).toContain(`switchboard_events_consumed_total{consumer="${consumer}",type="test.item.added",outcome="handled"} 3`);
    expect(metrics).toContain(`switchboard_handler_duration_seconds_count{consumer="${consumer}",type="test.item.added"} 3`);
    // The wait for a connection is its own figure (the duration above includes it).
    expect(metrics).toMatch(new RegExp(`switchboard_handler_connection_wait_seconds_count\\{consumer="${consumer}[^"]*"\\} 3`));
  });

  it('retries a transient failure after the policy delay and succeeds on the second attempt', async () => {
    const [event] = await fixture.add('transient', [{ behaviour: 'fail-once' }]);
    await expect
      .poll(async () => (await fixture.effects()).find((e) => e.event_id === event.id)?.attempt, { timeout: 10_000 })
      .toBe(2);
  });

  it('logs each failed attempt with its error and next retry, found by the run (correlation id) after it succeeds', async () => {
    const [event] = await fixture.add('fails-twice', [{ behaviour: 'fail-twice' }]);
    await expect.poll(async () => (await fixture.effects()).find((e) => e.event_id === event.id)?.attempt, { timeout: 20_000 }).toBe(3);
    const attempts = await new FailedAttempts(fixture.ns.pool, fixture.schema).ofRun(event.correlationId!);
    expect(attempts.map((a) => [a.eventId, a.attempt, a.error])).toEqual([
      [event.id, 1, 'Error: transient 1'],
      [event.id, 2, 'Error: transient 2'],
    ]);
    expect(attempts[0].consumer).toContain('worker-effects');
    // The policy's backoff: 100 ms after the first, 200 ms after the second.
    expect(attempts.map((a) => a.nextAttemptAt!.getTime() - a.failedAt.getTime())).toEqual([100, 200]);
  });

  it('waits the backoff between attempts (100 ms, then 200 ms) before parking a poison message', async () => {
    const [poison] = await fixture.add('timed-poison', [{ behaviour: 'poison' }]);
    await expect.poll(() => fixture.attemptOffsets(poison.id), { timeout: 5_000 }).toHaveLength(3);
    const [, second, third] = await fixture.attemptOffsets(poison.id);
    expect(second).toBeGreaterThanOrEqual(100);
    expect(second).toBeLessThan(100 + 250);
    expect(third - second).toBeGreaterThanOrEqual(200);
    expect(third - second).toBeLessThan(200 + 250);
  });

  it('honours a RetryAfterError: the next attempt comes that long after, then succeeds', async () => {
    const [limited] = await fixture.add('rate-limited', [{ behaviour: 'retry-after' }]);
    await expect.poll(() => fixture.attemptOffsets(limited.id), { timeout: 5_000 }).toHaveLength(2);
    const [, retried] = await fixture.attemptOffsets(limited.id);
    expect(retried).toBeGreaterThanOrEqual(600);
    expect(retried).toBeLessThan(600 + 250);
    await expect.poll(async () => (await fixture.effects()).some((e) => e.event_id === limited.id)).toBe(true);
  });

  it('parks a poison message after its attempts while later messages still flow', async () => {
    const [poison] = await fixture.add('poison', [{ behaviour: 'poison' }]);
    const [after] = await fixture.add('after-poison', [{}]);
    await expect
      .poll(async () => (await fixture.effects()).some((e) => e.event_id === after.id), { timeout: 5_000 })
      .toBe(true);
    const letterOf = async (eventId: string) =>
      (await fixture.streamMessages(deadLetterStreamName(fixture.ns.namespace), '>')).find(
        (m) => m.header.get(DEAD_LETTER_HEADERS.eventId) === eventId,
      );
    await expect.poll(() => letterOf(poison.id), { timeout: 10_000 }).toBeDefined();
    const letter = (await letterOf(poison.id))!;
    expect(letter.header.get(DEAD_LETTER_HEADERS.reason)).toBe('attempts-exhausted');
    expect(letter.header.get(DEAD_LETTER_HEADERS.attempts)).toBe('3');
    expect(letter.header.get(DEAD_LETTER_HEADERS.error)).toContain('poison poison');
    expect(letter.json<{ id: string }>().id).toBe(poison.id);
    expect((await fixture.effects()).some((e) => e.event_id === poison.id)).toBe(false);
    // The last attempt is logged with no next one: the handler gave up.
    const logged = await new FailedAttempts(fixture.ns.pool, fixture.schema).ofRun(poison.correlationId!);
    expect(logged.map((a) => [a.attempt, a.nextAttemptAt === null])).toEqual([[1, false], [2, false], [3, true]]);
    // While it was being retried it was listed as waiting; once parked, it is not.
    const { rows } = await fixture.ns.pool.query(`SELECT * FROM "${fixture.schema}".scheduled_retries WHERE event_id = $1`, [
      poison.id,
    ]);
    expect(rows).toEqual([]);
  });

  it("lists and shows dead letters with every attempt's error, and redrives one once it can succeed", async () => {
    const connection = await fixture.ns.natsConnection();
    const dlq = new DeadLetterQueue(await connection.jetstreamManager(), connection.jetstream(), fixture.ns.namespace);
    const [poison] = await fixture.add('listed-poison', [{ behaviour: 'poison' }]);
    const [broken] = await fixture.add('needs-fix', [{ behaviour: 'broken-until-fixed' }]);
    const letterFor = async (eventId: string) => (await dlq.list()).find((letter) => letter.eventId === eventId);
    await expect.poll(() => letterFor(poison.id), { timeout: 10_000 }).toBeDefined();
    await expect.poll(() => letterFor(broken.id), { timeout: 10_000 }).toBeDefined();

    const detail = (await dlq.show((await letterFor(poison.id))!.seq))!;
    expect(detail).toMatchObject({ reason: 'attempts-exhausted', attempts: 3, consumer: expect.stringContaining('worker-effects') });
    expect(detail.attemptErrors.map((e) => e.attempt)).toEqual([1, 2, 3]);
    expect(detail.attemptErrors.every((e) => e.error.includes('poison listed-poison'))).toBe(true);
    expect(detail.payload).toMatchObject({ id: poison.id, type: 'test.item.added' });

    await fixture.ns.pool.query(`INSERT INTO "${fixture.schema}".fixes VALUES ('needs-fix')`);
    const { seq } = (await letterFor(broken.id))!;
    expect(await dlq.redrive(seq)).toEqual({ redriven: true, removed: true });
    await expect.poll(async () => (await fixture.effects()).filter((e) => e.event_id === broken.id), { timeout: 10_000 }).toHaveLength(1);
    expect(await letterFor(broken.id)).toBeUndefined();
  });

  it('terms a NonRetriableError at once: a dead letter and a <type>.failed event, one attempt only', async () => {
    const [refused] = await fixture.add('refused', [{ behaviour: 'non-retriable' }]);
    const stream = domainStreamName(fixture.ns.namespace, 'test');
    const failedFor = async (eventId: string) =>
      (await fixture.streamMessages(stream, 'test.item.added.failed.v1'))
        .map((m) => m.json<{ causationId: string; payload: object }>())
        .filter((failed) => failed.causationId === eventId);
    await expect.poll(async () => (await failedFor(refused.id)).length, { timeout: 10_000 }).toBe(1);
    const [failed] = await failedFor(refused.id);
    expect(failed).toMatchObject({
      causationId: refused.id,
      payload: { reason: 'non-retriable', attempts: 1, eventId: refused.id, error: 'NonRetriableError: refused refused' },
    });
    const letters = await fixture.streamMessages(deadLetterStreamName(fixture.ns.namespace), '>');
    const letter = letters.find((m) => m.header.get(DEAD_LETTER_HEADERS.eventId) === refused.id)!;
    expect(letter.header.get(DEAD_LETTER_HEADERS.reason)).toBe('non-retriable');
    expect(letter.header.get(DEAD_LETTER_HEADERS.attempts)).toBe('1');
  });

  it('dead-letters an event of a type it cannot decode instead of crash-looping on it', async () => {
    const js = (await fixture.ns.natsConnection()).jetstream();
    const bogus = { id: 'not-registered-1', type: 'test.item.added', version: 9, streamId: 'item-x', payload: {} };
    await js.publish(wireSubject(fixture.ns.namespace, 'test.item.added.v1'), JSON.stringify(bogus));
    await expect
      .poll(
        async () =>
          (await fixture.streamMessages(deadLetterStreamName(fixture.ns.namespace), '>'))
            .filter((m) => m.header.get(DEAD_LETTER_HEADERS.reason) === 'undecodable')
            .map((m) => m.header.get(DEAD_LETTER_HEADERS.error)),
        { timeout: 10_000 },
      )
      .toEqual(['UnknownEventError: unknown event test.item.added v9']);
  });

  it("does not park the later events of an aggregate for the earlier one's failures: waiting for order is not an attempt", async () => {
    const [poison, ...later] = await fixture.add('blocked-behind-poison', [{ behaviour: 'poison' }, {}, {}]);
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => later.some((l) => l.id === e.event_id)).length, { timeout: 15_000 })
      .toBe(2);
    const effects = (await fixture.effects()).filter((e) => later.some((l) => l.id === e.event_id));
    // Handled in order, each on its handler's first attempt, however often it was sent back to wait.
    expect(effects.map((e) => [e.n, e.attempt])).toEqual([
      [1, 1],
      [2, 1],
    ]);
    const letters = (await fixture.streamMessages(deadLetterStreamName(fixture.ns.namespace), '>')).filter((m) =>
      [poison, ...later].some((e) => e.id === m.header.get(DEAD_LETTER_HEADERS.eventId)),
    );
    expect(letters.map((m) => [m.header.get(DEAD_LETTER_HEADERS.eventId), m.header.get(DEAD_LETTER_HEADERS.reason)])).toEqual([
      [poison.id, 'attempts-exhausted'],
    ]);
  });

  it('keeps each aggregate in order under concurrency 16, through slow handlers and retries', async () => {
    const streams = Array.from({ length: 8 }, (_, i) => `order-${i}`);
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        streams.map((itemId, i) =>
          fixture.add(itemId, [
            {
              n: round,
              delayMs: Math.floor(Math.random() * 40),
              // Half the aggregates fail their second event once: the later ones must wait for its retry.
              behaviour: round === 1 && i % 2 === 0 ? 'fail-once' : 'ok',
            },
          ]),
        ),
      );
    }
    await expect
      .poll(async () => (await fixture.effects()).filter((e) => e.item_id.startsWith('order-')).length, {
        timeout: 15_000,
      })
      .toBe(40);
    const effects = (await fixture.effects()).filter((e) => e.item_id.startsWith('order-'));
    for (const itemId of streams) {
      expect(effects.filter((e) => e.item_id === itemId).map((e) => e.n)).toEqual([0, 1, 2, 3, 4]);
    }
  });
});

describe('shutdown', () => {
  it('lets an in-flight handler finish and commit before the app stops', async () => {
    const [slow] = await fixture.add('slow-at-shutdown', [{ delayMs: 1_000 }]);
    // NOTIFY wakes the relay at once; give the handler time to start its 1 s of work.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await fixture.effects()).some((e) => e.event_id === slow.id)).toBe(false);
    await app.close();
    expect((await fixture.effects()).filter((e) => e.event_id === slow.id)).toHaveLength(1);
  });
});

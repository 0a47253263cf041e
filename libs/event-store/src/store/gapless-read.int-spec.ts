import { defineEvent, type EventEnvelope, EventRegistry } from '@switchboard/contracts';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsInt } from 'class-validator';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../migrations/run-migrations.js';
import type { Checkpoint } from './checkpoint.js';
import { EventStore } from './event-store.js';
import { WrongExpectedVersionError } from './store-errors.js';

class Tick {
  @IsInt() n: number;
}
const tick = defineEvent({ domain: 'test', aggregate: 'counter', event: 'ticked', version: 1, payload: Tick });

const ns = new TestNamespace();
let store: EventStore;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gapless') });
  store = new EventStore(ns.pool, ns.schema('gapless'), new EventRegistry().register(tick));
});
afterAll(() => ns.dispose());

/** Two writers raced for the same stream positions: the loser tries again, as a handler would. */
async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
  }
}

/** Where earlier runs left the store, so each run checks only its own events. */
async function endOfStore(): Promise<Checkpoint | undefined> {
  let checkpoint: Checkpoint | undefined;
  for (;;) {
    const batch = await store.readAll({ after: checkpoint, limit: 1_000 });
    if (batch.events.length === 0) return checkpoint;
    checkpoint = batch.checkpoint;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One transaction: append (its first write), then hold the transaction open before committing. */
const writer = fc.record({
  stream: fc.integer({ min: 0, max: 3 }),
  events: fc.integer({ min: 1, max: 3 }),
  startAfterMs: fc.integer({ min: 0, max: 20 }),
  holdMs: fc.integer({ min: 0, max: 40 }),
});

describe('readAll under concurrent writers', () => {
  it('delivers every committed event exactly once, none skipped, each stream in order', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(writer, { minLength: 10, maxLength: 30 }), async (writers) => {
        run += 1;
        const seen: EventEnvelope[] = [];
        let checkpoint = await endOfStore();
        let expected: number | undefined = undefined; // set once the writers are done
        // Tail like a relay: keep reading until every committed event has come through. A
        // transaction elsewhere in the database (other test files run in parallel) may hold the
        // visible prefix back for a while; that delays events, it must never lose them.
        const tail = (async () => {
          let writersDoneAt = 0;
          while (expected === undefined || seen.length < expected) {
            if (expected !== undefined) writersDoneAt ||= Date.now();
            if (writersDoneAt && Date.now() - writersDoneAt > 15_000) return;
            const batch = await store.readAll({ after: checkpoint, limit: 7 });
            seen.push(...batch.events);
            checkpoint = batch.checkpoint;
            if (batch.events.length === 0) await sleep(2);
          }
        })();

        const committed = await Promise.all(
          writers.map(async (w, i) => {
            await sleep(w.startAfterMs);
            return retryOnConflict(() => store.transaction(async (tx) => {
              const { events } = await store.append(
                `counter-${run}-${w.stream}`,
                Array.from({ length: w.events }, (_, n) => tick.create({ n: i * 10 + n })),
                { expectedVersion: 'any', tx },
              );
              await sleep(w.holdMs);
              return events.map((e) => e.id);
            }));
          }),
        );
        expected = committed.flat().length;
        await tail;
        // A last read: nothing beyond the committed events may appear (no duplicates).
        seen.push(...(await store.readAll({ after: checkpoint, limit: 1_000 })).events);

        const ids = seen.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(new Set(ids)).toEqual(new Set(committed.flat()));
        for (const stream of new Set(seen.map((e) => e.streamId))) {
          const positions = seen.filter((e) => e.streamId === stream).map((e) => e.streamPosition);
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  });
});

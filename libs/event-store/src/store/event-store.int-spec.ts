import { defineEvent, EventRegistry, InvalidEventError } from '@switchboard/contracts';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsInt, IsString } from 'class-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventStoreMigrations, runMigrations } from '../migrations/run-migrations.js';
import { EventStore } from './event-store.js';
import { WrongExpectedVersionError } from './store-errors.js';

class NoteV1 {
  @IsString() text: string;
}
class NoteV2 extends NoteV1 {
  @IsInt() words: number;
}
const noteV1 = defineEvent({ domain: 'test', aggregate: 'note', event: 'written', version: 1, payload: NoteV1 });
const noteV2 = defineEvent({ domain: 'test', aggregate: 'note', event: 'written', version: 2, payload: NoteV2 });

const ns = new TestNamespace();
const schema = ns.schema('store');
let store: EventStore;
let v1Store: EventStore;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema });
  const current = new EventRegistry()
    .register(noteV1, noteV2)
    .upcast(noteV1.type, 1, (p) => ({ ...p, words: String(p.text).split(' ').length }));
  store = new EventStore(ns.pool, schema, current, 'test');
  // A producer from before v2 existed, writing into the same store.
  v1Store = new EventStore(ns.pool, schema, new EventRegistry().register(noteV1), 'old-test');
});
afterAll(() => ns.dispose());

describe('EventStore', () => {
  it('appends and reads a stream in order with positions and metadata', async () => {
    const { events, nextExpectedVersion } = await store.append(
      'note-a',
      [noteV2.create({ text: 'one', words: 1 }), noteV2.create({ text: 'two', words: 1 })],
      { expectedVersion: 'no_stream', correlationId: 'corr-1' },
    );
    expect(nextExpectedVersion).toBe(2);
    expect(events.map((e) => e.streamPosition)).toEqual([1, 2]);
    const read = await store.readStream('note-a');
    expect(read.map((e) => [e.streamPosition, (e.payload as NoteV2).text, e.correlationId, e.producer])).toEqual([
      [1, 'one', 'corr-1', 'test'],
      [2, 'two', 'corr-1', 'test'],
    ]);
    expect(read[0].id < read[1].id).toBe(true);
  });

  it('refuses an append with a stale expected version', async () => {
    await store.append('note-b', [noteV2.create({ text: 'x', words: 1 })], { expectedVersion: 'no_stream' });
    await expect(
      store.append('note-b', [noteV2.create({ text: 'y', words: 1 })], { expectedVersion: 'no_stream' }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(
      store.append('note-b', [noteV2.create({ text: 'y', words: 1 })], { expectedVersion: 5 }),
    ).rejects.toMatchObject({ actual: 1, expected: 5 });
  });

  it('lets exactly one of many concurrent appends with the same expected version win', async () => {
    await store.append('note-c', [noteV2.create({ text: 'start', words: 1 })], { expectedVersion: 'no_stream' });
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.transaction(async (tx) => {
          const result = await store.append('note-c', [noteV2.create({ text: `w${i}`, words: 1 })], {
            expectedVersion: 1,
            tx,
          });
          await tx.query('SELECT pg_sleep(0.02)');
          return result;
        }),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const failures = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(failures.every((f) => f.reason instanceof WrongExpectedVersionError)).toBe(true);
    expect(await store.streamVersion('note-c')).toBe(2);
  });

  it('validates payloads at the producer and stores nothing when invalid', async () => {
    await expect(
      store.append('note-d', [noteV2.create({ text: 'ok', words: 'many' as unknown as number })], {
        expectedVersion: 'any',
      }),
    ).rejects.toBeInstanceOf(InvalidEventError);
    expect(await store.streamVersion('note-d')).toBe(0);
  });

  it('upcasts v1 events written by an older producer when read', async () => {
    await v1Store.append('note-e', [noteV1.create({ text: 'three little words' })], { expectedVersion: 'no_stream' });
    const [event] = await store.readStream('note-e');
    expect(event.version).toBe(2);
    expect(event.payload).toMatchObject({ text: 'three little words', words: 3 });
  });

  it('appends to many streams in one statement, numbering each stream on from where it was', async () => {
    await store.append('fan-a', [noteV2.create({ text: 'a1', words: 1 })], { expectedVersion: 'no_stream' });
    const events = await store.transaction((tx) =>
      store.appendToStreams(
        [
          { streamId: 'fan-a', event: noteV2.create({ text: 'a2', words: 1 }) },
          { streamId: 'fan-b', event: noteV2.create({ text: 'b1', words: 1 }) },
          { streamId: 'fan-a', event: noteV2.create({ text: 'a3', words: 1 }), causationId: 'timer:x' },
        ],
        tx,
      ),
    );
    expect(events.map((e) => [e.streamId, e.streamPosition, (e.payload as NoteV2).text])).toEqual([
      ['fan-a', 2, 'a2'],
      ['fan-b', 1, 'b1'],
      ['fan-a', 3, 'a3'],
    ]);
    expect((await store.readStream('fan-a')).map((e) => e.causationId)).toEqual([
      expect.any(String),
      expect.any(String),
      'timer:x',
    ]);
  });

  it.each([
    ['UPDATE', `UPDATE "${schema}".events SET type = 'forged'`],
    ['DELETE', `DELETE FROM "${schema}".events`],
    ['TRUNCATE', `TRUNCATE "${schema}".events`],
  ])('refuses %s in the database itself', async (operation, sql) => {
    await expect(ns.pool.query(sql)).rejects.toThrow(`events are append-only: ${operation} refused`);
  });

  it('runs the same migrations from several processes at once, each once', async () => {
    const url = TEST_DATABASE_URL;
    const fresh = ns.schema('concurrent');
    await Promise.all([1, 2, 3].map(() => runMigrations({ url, schema: fresh })));
    const { rows } = await ns.pool.query(`SELECT count(*)::int AS n FROM "${fresh}".migrations`);
    expect(rows[0].n).toBe(eventStoreMigrations.length);
  });
});

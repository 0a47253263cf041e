import 'reflect-metadata';
import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsInt } from 'class-validator';
import { inParallel, perSecond, report, timed } from '../support/measure.js';

class Tick {
  @IsInt() n: number;
}
const tick = defineEvent({ domain: 'bench', aggregate: 'counter', event: 'ticked', version: 1, payload: Tick });

const ns = new TestNamespace();
const schema = ns.schema('append');
await runMigrations({ url: TEST_DATABASE_URL, schema });
await ns.pool.query(`CREATE TABLE "${schema}".raw (id bigserial PRIMARY KEY, stream text, payload jsonb)`);
// The same columns and indexes as the events table, without the store's logic.
await ns.pool.query(`CREATE TABLE "${schema}".shaped (LIKE "${schema}".events INCLUDING DEFAULTS INCLUDING INDEXES)`);
const store = new EventStore(ns.pool, schema, new EventRegistry().register(tick), 'bench');

const SINGLE = 2_000;
const BATCHES = 200;
const BATCH = 100;

const raw1 = await timed(async () => {
  for (let i = 0; i < SINGLE; i++) await ns.pool.query(`INSERT INTO "${schema}".raw (stream, payload) VALUES ($1, $2)`, ['s', { n: i }]);
});
const raw8 = await timed(() =>
  inParallel(8, SINGLE * 2, (i) => ns.pool.query(`INSERT INTO "${schema}".raw (stream, payload) VALUES ($1, $2)`, ['s', { n: i }])),
);
const rawBatch = await timed(async () => {
  for (let b = 0; b < BATCHES; b++) {
    const rows = Array.from({ length: BATCH }, (_, i) => JSON.stringify({ n: i }));
    await ns.pool.query(`INSERT INTO "${schema}".raw (stream, payload) SELECT 's', p FROM unnest($1::jsonb[]) AS p`, [rows]);
  }
});

const shapedBatch = await timed(async () => {
  for (let b = 0; b < BATCHES; b++) {
    const ids = Array.from({ length: BATCH }, () => crypto.randomUUID());
    await ns.pool.query(
      `INSERT INTO "${schema}".shaped (event_id, stream_id, stream_position, type, version, payload, metadata, occurred_at)
       SELECT id, 'shaped-' || $2, ord, 'bench.counter.ticked', 1, '{"n":1}', '{}', now()
       FROM unnest($1::uuid[]) WITH ORDINALITY AS e(id, ord)`,
      [ids, b],
    );
  }
});

const ours1 = await timed(async () => {
  for (let i = 0; i < SINGLE; i++) await store.append(`one-${i % 50}`, [tick.create({ n: i })], { expectedVersion: 'any' });
});
const ours8 = await timed(() =>
  inParallel(8, SINGLE * 2, (i) => store.append(`eight-${i}`, [tick.create({ n: i })], { expectedVersion: 'no_stream' })),
);
const oursBatch = await timed(async () => {
  for (let b = 0; b < BATCHES; b++) {
    await store.append(`batch-${b}`, Array.from({ length: BATCH }, (_, n) => tick.create({ n })), {
      expectedVersion: 'no_stream',
    });
  }
});

report('Event store appends vs raw PostgreSQL inserts (same run)', [
  { case: '1 writer, 1 event per commit', 'raw rows/s': perSecond(SINGLE, raw1.ms), 'store events/s': perSecond(SINGLE, ours1.ms) },
  { case: '8 writers, 1 event per commit', 'raw rows/s': perSecond(SINGLE * 2, raw8.ms), 'store events/s': perSecond(SINGLE * 2, ours8.ms) },
  {
    case: `1 writer, ${BATCH} events per commit`,
    'raw rows/s': perSecond(BATCHES * BATCH, rawBatch.ms),
    'store events/s': perSecond(BATCHES * BATCH, oursBatch.ms),
  },
  {
    case: `same, raw into a table shaped like events (4 indexes)`,
    'raw rows/s': perSecond(BATCHES * BATCH, shapedBatch.ms),
    'store events/s': perSecond(BATCHES * BATCH, oursBatch.ms),
  },
]);
await ns.dispose();

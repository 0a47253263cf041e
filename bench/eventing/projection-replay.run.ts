import 'reflect-metadata';
import { defineEvent, type EventEnvelope, EventRegistry } from '@switchboard/contracts';
import { CheckpointStore, EventStore, type Projection, ProjectionRunner, runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsInt } from 'class-validator';
import type pg from 'pg';
import { perSecond, report, timed } from '../support/measure.js';

class Tick {
  @IsInt() n: number;
}
const tick = defineEvent({ domain: 'bench', aggregate: 'counter', event: 'ticked', version: 1, payload: Tick });
const TOTAL = Number(process.env.EVENTS ?? 1_000_000);
const STREAMS = 10_000;

const ns = new TestNamespace();
const schema = ns.schema('replay');
await runMigrations({ url: TEST_DATABASE_URL, schema });
await ns.pool.query(`CREATE TABLE "${schema}".counts (stream_id text PRIMARY KEY, events int NOT NULL, total bigint NOT NULL)`);
const registry = new EventRegistry().register(tick);
const writer = new EventStore(ns.pool, schema, undefined, 'bench');

// Filling bypasses validation: this measures reading, not writing.
const fill = await timed(async () => {
  for (let i = 0; i < TOTAL / 1_000; i++) {
    await writer.append(`counter-${i % STREAMS}`, Array.from({ length: 1_000 }, (_, n) => tick.create({ n })), {
      expectedVersion: 'any',
    });
  }
});

/** Events and sum of n per stream, one upsert per batch. */
const counts: Projection = {
  name: 'counts',
  async apply(events: EventEnvelope[], tx: pg.PoolClient) {
    const perStream = new Map<string, { events: number; total: number }>();
    for (const event of events) {
      const entry = perStream.get(event.streamId) ?? { events: 0, total: 0 };
      entry.events += 1;
      entry.total += (event.payload as Tick).n;
      perStream.set(event.streamId, entry);
    }
    await tx.query(
      `INSERT INTO "${schema}".counts (stream_id, events, total)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])
       ON CONFLICT (stream_id) DO UPDATE SET events = counts.events + EXCLUDED.events, total = counts.total + EXCLUDED.total`,
      [[...perStream.keys()], [...perStream.values()].map((v) => v.events), [...perStream.values()].map((v) => v.total)],
    );
  },
  async reset(tx: pg.PoolClient) {
    await tx.query(`TRUNCATE "${schema}".counts`);
  },
};

// Raw limit: the same rows read in 5000-row keyset pages, nothing decoded or written.
const raw = await timed(async () => {
  let after = 0;
  for (;;) {
    const { rows } = await ns.pool.query(
      `SELECT global_position, payload FROM "${schema}".events WHERE global_position > $1 ORDER BY global_position LIMIT 5000`,
      [after],
    );
    if (rows.length === 0) return;
    after = rows.at(-1).global_position;
  }
});
const decoded = new ProjectionRunner(new EventStore(ns.pool, schema, registry), new CheckpointStore(ns.pool, schema), counts);
const replay = await timed(() => decoded.rebuild());

report(`Rebuilding a projection of ${TOTAL} events`, [
  { step: 'fill (batched appends, 1000 per commit)', 'events/s': perSecond(TOTAL, fill.ms) },
  { step: 'raw keyset read of the events table', 'events/s': perSecond(TOTAL, raw.ms) },
  { step: 'projection rebuild: gapless read + upcast/validate + upsert', 'events/s': perSecond(replay.result, replay.ms) },
]);
await ns.dispose();

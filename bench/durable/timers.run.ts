import 'reflect-metadata';
import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { durableMigrations, DurableTimers, RateLimiter } from '@switchboard/durable';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsString } from 'class-validator';
import { percentile, perSecond, report, round, timed } from '../support/measure.js';

class Due {
  @IsString() note: string;
}
const due = defineEvent({ domain: 'bench', aggregate: 'reminder', event: 'due', version: 1, payload: Due });
const TIMERS = Number(process.env.TIMERS ?? 10_000);

const ns = new TestNamespace();
const schema = ns.schema('timers');
await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: durableMigrations });
await ns.pool.query(`CREATE TABLE "${schema}".raw (key text PRIMARY KEY, fire_at timestamptz)`);
const store = new EventStore(ns.pool, schema, new EventRegistry().register(due), 'bench');
const timers = new DurableTimers(ns.pool, store, schema, { maxSleepMs: 50 });

// Scheduling: one awaited insert per timer, beside the same number of raw single-row inserts.
const fireAt = new Date(Date.now() + 60_000 + TIMERS * 2);
const rawInsert = await timed(async () => {
  for (let i = 0; i < TIMERS; i++) await ns.pool.query(`INSERT INTO "${schema}".raw VALUES ($1, $2)`, [`k${i}`, fireAt]);
});
const scheduling = await timed(async () => {
  for (let i = 0; i < TIMERS; i++) {
    await timers.schedule({ key: `t${i}`, streamId: `reminder-${i}`, event: due.create({ note: `t${i}` }), at: fireAt });
  }
});

// Firing: all of them due at the same instant, the loop running.
timers.start();
while (Date.now() < fireAt.getTime()) await new Promise((resolve) => setTimeout(resolve, 20));
const { rows } = await (async () => {
  for (;;) {
    const counted = await ns.pool.query(`SELECT count(*)::int AS n FROM "${schema}".events`);
    if (counted.rows[0].n >= TIMERS) return ns.pool.query(`SELECT occurred_at FROM "${schema}".events`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
})();
await timers.stop();
const lateness = rows.map((row: { occurred_at: Date }) => row.occurred_at.getTime() - fireAt.getTime());

// Rate limiter decisions: one key, limit never reached, sequential.
const limiter = new RateLimiter(ns.pool, schema);
const DECISIONS = 2_000;
const decisions = await timed(async () => {
  for (let i = 0; i < DECISIONS; i++) await limiter.tryStart(`key-${i % 50}`, { limit: 1_000_000, windowMs: 60_000 });
});

report(`Durable timers: ${TIMERS} pending, all due at the same instant`, [
  { measure: 'raw single-row INSERT', value: `${round(rawInsert.ms / TIMERS, 3)} ms each` },
  { measure: 'schedule one timer', value: `${round(scheduling.ms / TIMERS, 3)} ms each` },
  { measure: 'all fired after their time', value: `${round(Math.max(...lateness) / 1000, 2)} s` },
  { measure: 'lateness p50', value: `${round(percentile(lateness, 50))} ms` },
  { measure: 'lateness p99', value: `${round(percentile(lateness, 99))} ms` },
  { measure: 'rate limiter decisions', value: `${perSecond(DECISIONS, decisions.ms)} /s` },
]);
await ns.dispose();

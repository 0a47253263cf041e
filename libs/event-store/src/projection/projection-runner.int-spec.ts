import { defineEvent, type EventEnvelope, EventRegistry } from '@switchboard/contracts';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsInt } from 'class-validator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../migrations/run-migrations.js';
import { CheckpointStore } from '../store/checkpoint.js';
import { EventStore } from '../store/event-store.js';
import { type Projection, ProjectionRunner } from './projection-runner.js';

class Deposited {
  @IsInt() amount: number;
}
const deposited = defineEvent({ domain: 'test', aggregate: 'account', event: 'deposited', version: 1, payload: Deposited });

const ns = new TestNamespace();
const schema = ns.schema('projection');
let store: EventStore;
let runner: ProjectionRunner;

/** Balance per account: a read model with its own table. */
const balances: Projection = {
  name: 'balances',
  async apply(events: EventEnvelope[], tx: pg.PoolClient) {
    for (const event of events) {
      await tx.query(
        `INSERT INTO "${schema}".balances (account, balance, events) VALUES ($1, $2, 1)
         ON CONFLICT (account) DO UPDATE SET balance = balances.balance + $2, events = balances.events + 1`,
        [event.streamId, (event.payload as Deposited).amount],
      );
    }
  },
  async reset(tx: pg.PoolClient) {
    await tx.query(`DELETE FROM "${schema}".balances`);
  },
};

const snapshot = async () =>
  (await ns.pool.query(`SELECT account, balance, events FROM "${schema}".balances ORDER BY account`)).rows;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema });
  await ns.pool.query(`CREATE TABLE "${schema}".balances (account text PRIMARY KEY, balance int, events int)`);
  store = new EventStore(ns.pool, schema, new EventRegistry().register(deposited));
  runner = new ProjectionRunner(store, new CheckpointStore(ns.pool, schema), balances, 7);
});
afterAll(() => ns.dispose());

describe('ProjectionRunner', () => {
  it('keeps up with new events, applying each once', async () => {
    for (let i = 0; i < 20; i++) {
      await store.append(`account-${i % 3}`, [deposited.create({ amount: i })], { expectedVersion: 'any' });
    }
    expect(await runner.catchUp()).toBe(20);
    expect(await runner.catchUp()).toBe(0);
    await store.append('account-0', [deposited.create({ amount: 100 })], { expectedVersion: 'any' });
    expect(await runner.catchUp()).toBe(1);
    expect(await snapshot()).toEqual([
      { account: 'account-0', balance: 0 + 3 + 6 + 9 + 12 + 15 + 18 + 100, events: 8 },
      { account: 'account-1', balance: 1 + 4 + 7 + 10 + 13 + 16 + 19, events: 7 },
      { account: 'account-2', balance: 2 + 5 + 8 + 11 + 14 + 17, events: 6 },
    ]);
  });

  it('rebuilt from position 0, ends equal to the live read model', async () => {
    const live = await snapshot();
    await ns.pool.query(`UPDATE "${schema}".balances SET balance = -1`); // drift the read model
    expect(await runner.rebuild()).toBe(21);
    expect(await snapshot()).toEqual(live);
  });
});

describe('ProjectionRunner beside another runner', () => {
  it('two runners catching up at once apply each event once', async () => {
    await ns.pool.query(`CREATE TABLE "${schema}".applied (event_id uuid NOT NULL)`);
    let entered: () => void = () => undefined;
    let release: () => void = () => undefined;
    const firstEntered = new Promise<void>((resolve) => (entered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    let applies = 0;
    const recording: Projection = {
      name: 'recording',
      async apply(events: EventEnvelope[], tx: pg.PoolClient) {
        applies += 1;
        // The first runner holds its batch until the second has either read one too or queued behind it.
        if (applies === 1) {
          entered();
          await released;
        }
        for (const event of events) await tx.query(`INSERT INTO "${schema}".applied (event_id) VALUES ($1)`, [event.id]);
      },
      async reset(tx: pg.PoolClient) {
        await tx.query(`DELETE FROM "${schema}".applied`);
      },
    };
    const other = new pg.Pool({ connectionString: TEST_DATABASE_URL, application_name: 'projection-runner-b', max: 2 });
    try {
      const runnerOf = (pool: pg.Pool) =>
        new ProjectionRunner(new EventStore(pool, schema, new EventRegistry().register(deposited)), new CheckpointStore(pool, schema), recording);
      const total = Number((await ns.pool.query(`SELECT count(*) FROM "${schema}".events`)).rows[0].count);

      const first = runnerOf(ns.pool).catchUp();
      await firstEntered;
      const second = runnerOf(other).catchUp();
      const secondQueued = async () =>
        (
          await ns.pool.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'projection-runner-b' AND wait_event_type = 'Lock'`,
          )
        ).rows[0].n > 0;
      await expect.poll(async () => applies > 1 || (await secondQueued()), { timeout: 15_000, interval: 50 }).toBe(true);
      release();

      expect((await first) + (await second)).toBe(total);
      const { rows } = await ns.pool.query(`SELECT event_id, count(*)::int AS n FROM "${schema}".applied GROUP BY event_id`);
      expect(rows).toHaveLength(total);
      expect(rows.every((row) => row.n === 1)).toBe(true);
    } finally {
      release();
      await other.end();
    }
  });
});

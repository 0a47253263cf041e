import { TestNamespace } from '@switchboard/testing';
import { afterAll, expect, it } from 'vitest';
import { Retention } from './retention.js';

const ns = new TestNamespace();
afterAll(() => ns.dispose());

it('stops at once when asked during a pass, not after the hour it would sleep', async () => {
  const schema = ns.schema('retention_stop');
  const table = `"${schema}".notes`;
  await ns.pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await ns.pool.query(`CREATE TABLE ${table} (at timestamptz)`);
  // A lock held elsewhere keeps the pass's DELETE waiting, so the stop surely lands mid-pass.
  const blocker = await ns.pool.connect();
  await blocker.query(`BEGIN; LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  const retention = new Retention(ns.pool, [{ table, column: 'at', keepMs: 0 }], { everyMs: 3_600_000 });
  retention.start();
  await expect
    .poll(async () => (await ns.pool.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM ${table}%'`)).rowCount, {
      timeout: 20_000,
    })
    .toBe(1);
  const stopped = retention.stop().then(() => 'stopped');
  await blocker.query('COMMIT');
  blocker.release();
  const tooLate = new Promise((resolve) => setTimeout(() => resolve('still running after 10 s'), 10_000));
  expect(await Promise.race([stopped, tooLate])).toBe('stopped');
});

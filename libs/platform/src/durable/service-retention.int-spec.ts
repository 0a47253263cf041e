import { durableMigrations } from '@switchboard/durable';
import { runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceRetention } from './service-retention.js';

const ns = new TestNamespace();
const schema = ns.schema('retention');
const s = `"${schema}"`;
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(Date.now() - ms);

beforeAll(() => runMigrations({ url: TEST_DATABASE_URL, schema, migrations: durableMigrations }));
afterAll(() => ns.dispose());

async function keys(table: string, column: string): Promise<string[]> {
  const { rows } = await ns.pool.query(`SELECT ${column} AS k FROM ${s}.${table} ORDER BY 1`);
  return rows.map((row) => String(row.k));
}

describe("a service's retention", () => {
  it('deletes inbox records, failed attempts, rate-limit starts, expired leases and stale retry notes past their retention, and keeps the rest', async () => {
    const { pool } = ns;
    await pool.query(`INSERT INTO ${s}.inbox (consumer, event_id, processed_at) VALUES
      ('old', '00000000-0000-7000-8000-000000000001', $1), ('recent', '00000000-0000-7000-8000-000000000002', $2)`, [
      ago(8 * 24 * HOUR),
      ago(6 * 24 * HOUR),
    ]);
    await pool.query(`INSERT INTO ${s}.rate_limit_starts (key, started_at) VALUES ('old', $1), ('recent', $2)`, [
      ago(25 * HOUR),
      ago(HOUR),
    ]);
    await pool.query(`INSERT INTO ${s}.concurrency_leases (key, holder, expires_at) VALUES ('old', 'a', $1), ('held', 'b', $2)`, [
      ago(25 * HOUR),
      new Date(Date.now() + 60_000),
    ]);
    await pool.query(
      `INSERT INTO ${s}.scheduled_retries (consumer, event_id, event_type, attempt, next_attempt_at, last_error) VALUES
       ('old', '00000000-0000-7000-8000-000000000003', 't', 1, $1, 'e'), ('due', '00000000-0000-7000-8000-000000000004', 't', 1, $2, 'e')`,
      [ago(25 * HOUR), ago(60_000)],
    );
    // Kept as long as the inbox (days), not as the retry notes (hours).
    await pool.query(
      `INSERT INTO ${s}.failed_attempts (consumer, event_id, event_type, attempt, error, failed_at) VALUES
       ('old', '00000000-0000-7000-8000-000000000005', 't', 1, 'e', $1), ('recent', '00000000-0000-7000-8000-000000000006', 't', 1, 'e', $2)`,
      [ago(8 * 24 * HOUR), ago(6 * 24 * HOUR)],
    );

    const deleted = await serviceRetention(pool, schema, { INBOX_RETENTION_DAYS: 7, DURABLE_RETENTION_HOURS: 24 }).prune();

    expect(await keys('inbox', 'consumer')).toEqual(['recent']);
    expect(await keys('rate_limit_starts', 'key')).toEqual(['recent']);
    expect(await keys('concurrency_leases', 'key')).toEqual(['held']);
    expect(await keys('scheduled_retries', 'consumer')).toEqual(['due']);
    expect(await keys('failed_attempts', 'consumer')).toEqual(['recent']);
    expect(Object.values(deleted)).toEqual([1, 1, 1, 1, 1]);
  });

  it('deletes a large backlog in batches until none is left', async () => {
    await ns.pool.query(
      `INSERT INTO ${s}.inbox (consumer, event_id, processed_at)
       SELECT 'bulk', ('00000000-0000-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, $1 FROM generate_series(100, 2599) AS i`,
      [ago(30 * 24 * HOUR)],
    );
    const deleted = await serviceRetention(ns.pool, schema, { INBOX_RETENTION_DAYS: 7, DURABLE_RETENTION_HOURS: 24 }).prune();
    expect(deleted[`${s}.inbox`]).toBe(2_500);
    expect(await keys('inbox', 'consumer')).toEqual(['recent']);
  });
});

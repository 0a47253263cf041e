import { TEST_DATABASE_URL } from '@switchboard/testing';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withTransaction } from './with-transaction.js';

const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
const admin = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });

afterAll(async () => {
  await Promise.all([pool.end(), admin.end()]);
});

describe('withTransaction when the server ends the connection', () => {
  // What `pg_ctl stop -m immediate` (or a failover) does to every connection; found by `npm run chaos`,
  // where it killed the services whose handlers were between two statements of a transaction.
  it('fails the transaction and leaves the process and the pool working', async () => {
    const transaction = withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const ended = new Promise((resolve) => tx.once('end', resolve));
      // Terminated between statements: the 'error' comes with no query in flight.
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await ended;
      await tx.query('SELECT 1');
    });

    await expect(transaction).rejects.toThrow(/Connection terminated|not queryable/);
    const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0].one).toBe(1);
    expect(pool.totalCount).toBeLessThanOrEqual(1); // the broken connection was not put back
  });
});

import type pg from 'pg';
import { checkOut } from './check-out.js';

/** Runs `work` in one transaction on one pooled connection: COMMIT if it returns, ROLLBACK if it throws. */
export async function withTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const { tx, release } = await checkOut(pool);
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    release();
  }
}

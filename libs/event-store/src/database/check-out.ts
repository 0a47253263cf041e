import type pg from 'pg';

/** A pooled connection checked out for a transaction, and how to give it back. */
export interface CheckedOut {
  tx: pg.PoolClient;
  /** Back to the pool; a connection the server dropped meanwhile is discarded instead. */
  release(): void;
}

/**
 * `pool.connect()` for a transaction, safe against the server going away. While a connection is
 * checked out, pg-pool stops listening for its errors, and a connection the server ends (restart,
 * failover, `pg_ctl stop -m immediate`) emits 'error': unheard, that kills the process, whatever
 * the query in flight does. Here it is heard, the query in flight fails with it, and the broken
 * connection is not put back in the pool.
 */
export async function checkOut(pool: pg.Pool): Promise<CheckedOut> {
  const tx = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  tx.on('error', onError);
  return {
    tx,
    release: () => {
      tx.off('error', onError);
      tx.release(broken);
    },
  };
}

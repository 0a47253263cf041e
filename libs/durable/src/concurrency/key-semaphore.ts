import { randomUUID } from 'node:crypto';
import { withTransaction } from '@switchboard/event-store';
import pg from 'pg';

export interface ConcurrencyState {
  key: string;
  running: number;
}

/**
 * At most `limit` holders per key across every replica (e.g. 10 transcriptions per creator).
 * A lease expires by itself, so a replica that dies cannot hold its slots forever.
 */
export class KeySemaphore {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.concurrency_leases`;
  }

  /** A lease id when a slot was free, else undefined. */
  async tryAcquire(key: string, limit: number, leaseMs: number): Promise<string | undefined> {
    const holder = randomUUID();
    return withTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`concurrency:${key}`]);
      await client.query(`DELETE FROM ${this.table} WHERE key = $1 AND expires_at <= now()`, [key]);
      const { rows } = await client.query<{ running: number }>(
        `SELECT count(*)::int AS running FROM ${this.table} WHERE key = $1`,
        [key],
      );
      if (rows[0].running >= limit) return undefined;
      await client.query(
        `INSERT INTO ${this.table} (key, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3::float8 / 1000))`,
        [key, holder, leaseMs],
      );
      return holder;
    });
  }

  /** Waits for a slot, polling every `pollMs`; returns the lease id to release. */
  async acquire(key: string, limit: number, leaseMs: number, pollMs = 25): Promise<string> {
    for (;;) {
      const lease = await this.tryAcquire(key, limit, leaseMs);
      if (lease) return lease;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  /** Pushes a held lease's expiry `leaseMs` from now: what a live holder does while it works. */
  async renew(key: string, lease: string, leaseMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET expires_at = now() + make_interval(secs => $3::float8 / 1000) WHERE key = $1 AND holder = $2`,
      [key, lease, leaseMs],
    );
  }

  async release(key: string, lease: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1 AND holder = $2`, [key, lease]);
  }

  async state(): Promise<ConcurrencyState[]> {
    const { rows } = await this.pool.query(
      `SELECT key, count(*)::int AS running FROM ${this.table} WHERE expires_at > now() GROUP BY key ORDER BY key`,
    );
    return rows;
  }
}

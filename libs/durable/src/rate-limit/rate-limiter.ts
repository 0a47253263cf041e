import { withTransaction } from '@switchboard/event-store';
import pg from 'pg';
import { type Clock, systemClock } from '../clock/clock.js';

export interface RateLimit {
  /** Starts allowed per window for one key, e.g. 10 dials per minute per campaign. */
  limit: number;
  windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimitState {
  key: string;
  startsInWindow: number;
  oldestStart: Date;
}

/**
 * At most `limit` starts per sliding window per key, shared by every replica through PostgreSQL:
 * a transaction-scoped advisory lock per key orders the decisions, and each start is a row. A
 * start may be reserved ahead (its row dated in the future): the key's later starts queue behind
 * it, first come first served, so a reservation is never overtaken and no window overfills.
 */
export class RateLimiter {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.rate_limit_starts`;
  }

  /** Records a start if the window has room; otherwise says how long until it will. */
  async tryStart(key: string, rate: RateLimit): Promise<RateDecision> {
    const now = this.clock.now();
    return withTransaction(this.pool, async (client) => {
      const next = await this.nextFreeStart(client, key, rate, now);
      if (next > now.getTime()) return { allowed: false, retryAfterMs: Math.max(1, next - now.getTime()) };
      await client.query(`INSERT INTO ${this.table} (key, started_at) VALUES ($1, $2)`, [key, now]);
      return { allowed: true };
    });
  }

  /**
   * Takes the key's next free start, however far ahead, in the caller's transaction (so what the
   * reservation is for commits with it), and says when it is.
   */
  async reserve(tx: pg.PoolClient, key: string, rate: RateLimit): Promise<Date> {
    const now = this.clock.now();
    const at = new Date(await this.nextFreeStart(tx, key, rate, now));
    await tx.query(`INSERT INTO ${this.table} (key, started_at) VALUES ($1, $2)`, [key, at]);
    return at;
  }

  /** Gives back a reserved start that will not be used (its work went to the back of the queue). */
  async release(tx: pg.PoolClient, key: string, at: Date): Promise<void> {
    await tx.query(
      `DELETE FROM ${this.table} WHERE ctid = (SELECT ctid FROM ${this.table} WHERE key = $1 AND started_at = $2 LIMIT 1)`,
      [key, at],
    );
  }

  /**
   * The earliest time at or after `now` (epoch ms) a start of the key fits: after the key's latest
   * start (reserved ones queue in order), and a window after the `limit`-th latest, so the window
   * ending at it holds fewer than `limit`. Takes the key's lock for the rest of the transaction.
   */
  private async nextFreeStart(tx: pg.PoolClient, key: string, rate: RateLimit, now: Date): Promise<number> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`rate-limit:${key}`]);
    await tx.query(`DELETE FROM ${this.table} WHERE key = $1 AND started_at <= $2`, [key, new Date(now.getTime() - rate.windowMs)]);
    const { rows } = await tx.query<{ started_at: Date }>(
      `SELECT started_at FROM ${this.table} WHERE key = $1 ORDER BY started_at DESC LIMIT $2`,
      [key, rate.limit],
    );
    const latest = rows[0]?.started_at.getTime() ?? 0;
    const windowFreed = rows.length >= rate.limit ? rows[rate.limit - 1].started_at.getTime() + rate.windowMs : 0;
    return Math.max(now.getTime(), latest, windowFreed);
  }

  /** Waits (real time) until a start is allowed: excess work is delayed, never dropped. */
  async start(key: string, rate: RateLimit, onWait?: (ms: number) => void): Promise<void> {
    await this.startWithin(key, rate, Number.POSITIVE_INFINITY, onWait);
  }

  /**
   * Waits (real time) for a start as `start` does, unless the next one is further than
   * `maxWaitMs` away: then returns false without starting, so the caller can defer the work.
   */
  async startWithin(key: string, rate: RateLimit, maxWaitMs: number, onWait?: (ms: number) => void): Promise<boolean> {
    for (;;) {
      const decision = await this.tryStart(key, rate);
      if (decision.allowed) return true;
      if (decision.retryAfterMs > maxWaitMs) return false;
      onWait?.(decision.retryAfterMs);
      // Spread the waiters a little: they would all wake for the same freed place otherwise.
      const spread = Math.random() * Math.min(250, decision.retryAfterMs * 0.1);
      await new Promise((resolve) => setTimeout(resolve, decision.retryAfterMs + spread));
    }
  }

  async state(): Promise<RateLimitState[]> {
    const { rows } = await this.pool.query(
      `SELECT key, count(*)::int AS starts, min(started_at) AS oldest FROM ${this.table} GROUP BY key ORDER BY key`,
    );
    return rows.map((row) => ({ key: row.key, startsInWindow: row.starts, oldestStart: row.oldest }));
  }
}

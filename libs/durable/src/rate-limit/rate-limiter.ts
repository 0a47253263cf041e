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
 * a transaction-scoped advisory lock per key orders the decisions, and each start is a row.
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
    const windowStart = new Date(now.getTime() - rate.windowMs);
    return withTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`rate-limit:${key}`]);
      await client.query(`DELETE FROM ${this.table} WHERE key = $1 AND started_at <= $2`, [key, windowStart]);
      const { rows } = await client.query<{ starts: number; oldest: Date | null }>(
        `SELECT count(*)::int AS starts, min(started_at) AS oldest FROM ${this.table} WHERE key = $1`,
        [key],
      );
      const { starts, oldest } = rows[0];
      if (starts >= rate.limit) {
        return { allowed: false, retryAfterMs: Math.max(1, oldest!.getTime() + rate.windowMs - now.getTime()) };
      }
      await client.query(`INSERT INTO ${this.table} (key, started_at) VALUES ($1, $2)`, [key, now]);
      return { allowed: true };
    });
  }

  /** Waits (real time) until a start is allowed: excess work is delayed, never dropped. */
  async start(key: string, rate: RateLimit, onWait?: (ms: number) => void): Promise<void> {
    for (;;) {
      const decision = await this.tryStart(key, rate);
      if (decision.allowed) return;
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

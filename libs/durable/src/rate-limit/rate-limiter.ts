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
 * a transaction-scoped advisory lock per key orders the decisions (taken and decided in one
 * statement: `rate_limit_next_start`), and each start is a row. A
 * start may be reserved ahead (its row dated in the future): the key's later starts queue behind
 * it, first come first served, so a reservation is never overtaken and no window overfills.
 */
export class RateLimiter {
  private readonly table: string;
  private readonly nextStartFunction: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly clock: Clock = systemClock,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.rate_limit_starts`;
    this.nextStartFunction = `${pg.escapeIdentifier(schema)}.rate_limit_next_start`;
  }

  /** Records a start if the window has room; otherwise says how long until it will. One statement. */
  async tryStart(key: string, rate: RateLimit): Promise<RateDecision> {
    const now = this.clock.now();
    const next = await this.nextStart(this.pool, key, rate, now, false);
    if (next > now.getTime()) return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(next - now.getTime())) };
    return { allowed: true };
  }

  /**
   * Takes the key's next free start, however far ahead, in the caller's transaction (so what the
   * reservation is for commits with it, and the key's lock is held until then), and says when it is.
   */
  async reserve(tx: pg.PoolClient, key: string, rate: RateLimit): Promise<Date> {
    return new Date(await this.nextStart(tx, key, rate, this.clock.now(), true));
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
   * ending at it holds fewer than `limit`. Taken (a row) when it is now or `reserve` says so.
   */
  private async nextStart(db: pg.Pool | pg.PoolClient, key: string, rate: RateLimit, now: Date, reserve: boolean): Promise<number> {
    const { rows } = await db.query<{ next: Date }>(`SELECT ${this.nextStartFunction}($1, $2, $3, $4, $5) AS next`, [key, rate.limit, rate.windowMs, now, reserve]);
    return rows[0].next.getTime();
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

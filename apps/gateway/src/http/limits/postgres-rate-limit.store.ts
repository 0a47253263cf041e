import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import pg from 'pg';

/**
 * express-rate-limit's counts kept in PostgreSQL, so a key's limit holds across gateway replicas
 * (a memory store would give each replica the whole limit). A fixed window a key: one row, counted
 * up by a single upsert that starts a new window once the old one has passed, so a request costs
 * one round trip and the table holds one row per key that called, however many requests it made.
 * PostgreSQL's clock dates the windows: replicas whose clocks differ still share one.
 */
export class PostgresRateLimitStore implements Store {
  private readonly table: string;
  private windowMs = 60_000;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    readonly prefix = 'api:',
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.api_rate_limits`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { rows } = await this.pool.query<{ hits: number; resets_at: Date }>(
      `INSERT INTO ${this.table} AS counted (key, hits, resets_at)
       VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2::float8 / 1000))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN counted.resets_at <= clock_timestamp() THEN 1 ELSE counted.hits + 1 END,
         resets_at = CASE WHEN counted.resets_at <= clock_timestamp() THEN excluded.resets_at ELSE counted.resets_at END
       RETURNING hits, resets_at`,
      [this.prefix + key, this.windowMs],
    );
    return { totalHits: rows[0].hits, resetTime: rows[0].resets_at };
  }


  async decrement(key: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table} SET hits = greatest(hits - 1, 0) WHERE key = $1 AND resets_at > clock_timestamp()`, [
      this.prefix + key,
    ]);
  }

  async resetKey(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1`, [this.prefix + key]);
  }
}

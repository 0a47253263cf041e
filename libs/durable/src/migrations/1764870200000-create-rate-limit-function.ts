import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rate limit's decision in one statement (RateLimiter): the key's lock, the purge of starts out
 * of the window, the next free start and, when it is due now or is a reservation, its row. One
 * round trip instead of a transaction of five, so the key's lock is held for the time PostgreSQL
 * takes, not for the client's round trips (on a busy host those are what made every start wait).
 * plpgsql takes a new snapshot per statement (read committed): what the previous holder of the
 * lock inserted is seen.
 */
export class CreateRateLimitFunction1764870200000 implements MigrationInterface {
  name = 'CreateRateLimitFunction1764870200000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE FUNCTION ${s}.rate_limit_next_start(p_key text, p_limit int, p_window_ms float8, p_now timestamptz, p_reserve boolean)
      RETURNS timestamptz LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        win interval := make_interval(secs => p_window_ms / 1000);
        latest timestamptz;
        nth timestamptz;
        next_at timestamptz;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('rate-limit:' || p_key, 0));
        DELETE FROM ${s}.rate_limit_starts WHERE key = p_key AND started_at <= p_now - win;
        SELECT max(started_at) INTO latest FROM ${s}.rate_limit_starts WHERE key = p_key;
        SELECT started_at INTO nth FROM ${s}.rate_limit_starts WHERE key = p_key ORDER BY started_at DESC OFFSET p_limit - 1 LIMIT 1;
        -- After the latest start (reservations queue in order), and a window after the limit-th latest.
        next_at := greatest(p_now, latest, nth + win);
        IF p_reserve OR next_at <= p_now THEN
          INSERT INTO ${s}.rate_limit_starts (key, started_at) VALUES (p_key, next_at);
        END IF;
        RETURN next_at;
      END $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION ${schemaOf(runner)}.rate_limit_next_start`);
  }
}

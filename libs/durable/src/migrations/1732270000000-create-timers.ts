import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending timers of a service. A timer is one row until it fires; the index on fire_at keeps
 * "what is due" one index range scan however many are pending.
 */
export class CreateTimers1732270000000 implements MigrationInterface {
  name = 'CreateTimers1732270000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.timers (
        key text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('at', 'debounce', 'every')),
        fire_at timestamptz NOT NULL,
        stream_id text NOT NULL,
        event jsonb NOT NULL,
        correlation_id text,
        repeat_every_ms bigint,
        first_scheduled_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX timers_due ON ${s}.timers (fire_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.timers`);
  }
}

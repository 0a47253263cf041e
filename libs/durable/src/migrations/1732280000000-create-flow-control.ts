import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Shared state of keyed rate limits, keyed concurrency leases and scheduled retries. */
export class CreateFlowControl1732280000000 implements MigrationInterface {
  name = 'CreateFlowControl1732280000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`CREATE TABLE ${s}.rate_limit_starts (key text NOT NULL, started_at timestamptz NOT NULL)`);
    await runner.query(`CREATE INDEX rate_limit_starts_window ON ${s}.rate_limit_starts (key, started_at)`);
    await runner.query(`
      CREATE TABLE ${s}.concurrency_leases (
        key text NOT NULL,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (key, holder)
      )`);
    await runner.query(`
      CREATE TABLE ${s}.scheduled_retries (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        attempt int NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        last_error text NOT NULL,
        errors jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.scheduled_retries, ${s}.concurrency_leases, ${s}.rate_limit_starts`);
  }
}

import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every failed handler attempt, kept after its event succeeds or is parked (scheduled_retries
 * forgets it then): a run's page shows each attempt beside its event. Read by correlation id,
 * pruned by age.
 */
export class CreateFailedAttempts1764870100000 implements MigrationInterface {
  name = 'CreateFailedAttempts1764870100000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.failed_attempts (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        correlation_id text,
        attempt int NOT NULL,
        error text NOT NULL,
        failed_at timestamptz NOT NULL,
        next_attempt_at timestamptz
      )`);
    await runner.query(`CREATE INDEX failed_attempts_run ON ${s}.failed_attempts (correlation_id, failed_at)`);
    await runner.query(`CREATE INDEX failed_attempts_age ON ${s}.failed_attempts (failed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.failed_attempts`);
  }
}

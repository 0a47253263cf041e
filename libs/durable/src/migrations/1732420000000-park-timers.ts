import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A timer whose event the store refuses (its schema changed since it was scheduled) is parked
 * with the error instead of failing every batch it is in. Parked rows stay visible in the waiting
 * report; the due index skips them, so they cost the firing loop nothing.
 */
export class ParkTimers1732420000000 implements MigrationInterface {
  name = 'ParkTimers1732420000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`ALTER TABLE ${s}.timers ADD COLUMN parked_at timestamptz, ADD COLUMN park_error text`);
    await runner.query(`DROP INDEX ${s}.timers_due`);
    await runner.query(`CREATE INDEX timers_due ON ${s}.timers (fire_at) WHERE parked_at IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP INDEX ${s}.timers_due`);
    await runner.query(`CREATE INDEX timers_due ON ${s}.timers (fire_at)`);
    await runner.query(`ALTER TABLE ${s}.timers DROP COLUMN parked_at, DROP COLUMN park_error`);
  }
}

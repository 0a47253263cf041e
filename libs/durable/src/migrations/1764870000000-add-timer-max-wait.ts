import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A debounced timer's max wait, kept beside its burst's first call so that "fires by" is a time an
 * operator can read (first call + max wait), not only a cap applied when the key is called again.
 * Null for the other kinds, and for debounced rows written before this column.
 */
export class AddTimerMaxWait1764870000000 implements MigrationInterface {
  name = 'AddTimerMaxWait1764870000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.timers ADD COLUMN max_wait_ms bigint`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.timers DROP COLUMN max_wait_ms`);
  }
}

import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The trace a timer was scheduled in: its event is appended in that trace when it fires. */
export class AddTimerTrace1732330000000 implements MigrationInterface {
  name = 'AddTimerTrace1732330000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.timers ADD COLUMN traceparent text, ADD COLUMN tracestate text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.timers DROP COLUMN traceparent, DROP COLUMN tracestate`);
  }
}

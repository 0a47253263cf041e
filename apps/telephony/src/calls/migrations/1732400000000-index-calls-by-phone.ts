import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dialer asks which of our Calls to a number own or may be placing a provider call. */
export class IndexCallsByPhone1732400000000 implements MigrationInterface {
  name = 'IndexCallsByPhone1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX calls_by_phone ON ${schemaOf(runner)}.calls (phone)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX ${schemaOf(runner)}.calls_by_phone`);
  }
}

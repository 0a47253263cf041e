import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema as schemaOf } from './migration-schema.js';

/** Retention deletes inbox records by age: an index on it keeps each batch a range scan. */
export class IndexInboxAge1732422000000 implements MigrationInterface {
  name = 'IndexInboxAge1732422000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX inbox_processed_at ON ${schemaOf(runner)}.inbox (processed_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX ${schemaOf(runner)}.inbox_processed_at`);
  }
}

import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Retention deletes rate-limit starts by age across keys: the (key, started_at) index cannot serve that. */
export class IndexRateLimitAge1732421000000 implements MigrationInterface {
  name = 'IndexRateLimitAge1732421000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX rate_limit_starts_age ON ${schemaOf(runner)}.rate_limit_starts (started_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX ${schemaOf(runner)}.rate_limit_starts_age`);
  }
}

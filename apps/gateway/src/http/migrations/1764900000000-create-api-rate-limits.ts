import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The current fixed window of each API key's rate limit: one row a key, counted up by one upsert
 * a request, so every gateway replica shares the count (docs/adr/0017-api-rate-limits-and-overload.md).
 */
export class CreateApiRateLimits1764900000000 implements MigrationInterface {
  name = 'CreateApiRateLimits1764900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ${schemaOf(runner)}.api_rate_limits (
        key text PRIMARY KEY,
        hits int NOT NULL,
        resets_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.api_rate_limits`);
  }
}

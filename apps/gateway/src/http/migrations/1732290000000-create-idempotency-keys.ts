import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys the gateway has seen. A row is claimed (status_code NULL) before its request
 * runs, so the primary key lets only one of two concurrent requests with the same key through;
 * the index on expires_at keeps deleting expired keys one index range scan.
 */
export class CreateIdempotencyKeys1732290000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1732290000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    await runner.query(`CREATE INDEX idempotency_keys_expiry ON ${s}.idempotency_keys (expires_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.idempotency_keys`);
  }
}

import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Calls as the REST API shows them, kept in step with the Call streams in the same transaction. */
export class CreateCalls1732300000000 implements MigrationInterface {
  name = 'CreateCalls1732300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.calls (
        call_id text PRIMARY KEY,
        campaign_id text NOT NULL,
        phone text NOT NULL,
        contact_name text,
        status text NOT NULL,
        provider_sid text,
        duration_seconds int,
        failure_reason text,
        recording_url text,
        queued_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX calls_by_campaign ON ${s}.calls (campaign_id, queued_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.calls`);
  }
}

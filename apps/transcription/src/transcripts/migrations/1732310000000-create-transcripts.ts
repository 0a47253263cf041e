import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recordings as downloaded (the transcriber reads them back, on any replica), and transcripts
 * with their utterances as the REST API shows them. One utterance row per (call, position):
 * a transcript stored twice would collide, not duplicate.
 */
export class CreateTranscripts1732310000000 implements MigrationInterface {
  name = 'CreateTranscripts1732310000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`CREATE TABLE ${s}.recordings (call_id text PRIMARY KEY, audio bytea NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`);
    // PCM audio barely compresses: storing it as is saves the CPU that pglz would spend trying.
    await runner.query(`ALTER TABLE ${s}.recordings ALTER COLUMN audio SET STORAGE EXTERNAL`);
    await runner.query(`
      CREATE TABLE ${s}.transcripts (
        call_id text PRIMARY KEY,
        campaign_id text NOT NULL,
        status text NOT NULL,
        text text,
        duration_seconds double precision,
        failure_reason text,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE ${s}.utterances (
        call_id text NOT NULL,
        position int NOT NULL,
        speaker text NOT NULL CHECK (speaker IN ('AI', 'HUMAN')),
        text text NOT NULL,
        start_seconds double precision NOT NULL,
        end_seconds double precision NOT NULL,
        PRIMARY KEY (call_id, position)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.utterances, ${s}.transcripts, ${s}.recordings`);
  }
}

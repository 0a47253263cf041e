import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Videos (the read model of the Video aggregate), their transcripts with word timestamps, their
 * chunks by generation with vectors and a full-text column, and usage per creator and day. Search
 * sees a video's chunks only of its active generation: a generation being written is invisible.
 */
export class CreateVideos1733300000000 implements MigrationInterface {
  name = 'CreateVideos1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.videos (
        video_id uuid PRIMARY KEY,
        creator_id text NOT NULL,
        title text NOT NULL,
        language text NOT NULL,
        storage_key text NOT NULL,
        bytes bigint NOT NULL,
        content_type text NOT NULL,
        status text NOT NULL,
        failure_step text,
        failure_reason text,
        duration_seconds double precision,
        words int,
        active_generation int,
        chunk_count int NOT NULL DEFAULT 0,
        embedding_model text,
        embedding_dimensions int,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX videos_by_creator ON ${s}.videos (creator_id, status, created_at)`);
    await runner.query(`CREATE TABLE ${s}.video_transcripts (video_id uuid PRIMARY KEY, words jsonb NOT NULL, stored_at timestamptz NOT NULL DEFAULT now())`);
    await runner.query(`
      CREATE TABLE ${s}.video_chunks (
        video_id uuid NOT NULL,
        generation int NOT NULL,
        position int NOT NULL,
        creator_id text NOT NULL,
        text text NOT NULL,
        start_seconds double precision NOT NULL,
        end_seconds double precision NOT NULL,
        embedding real[],
        model text,
        tokens int,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
        PRIMARY KEY (video_id, generation, position)
      )`);
    await runner.query(`CREATE INDEX video_chunks_by_creator ON ${s}.video_chunks (creator_id, video_id, generation)`);
    await runner.query(`CREATE INDEX video_chunks_text ON ${s}.video_chunks USING gin (tsv)`);
    await runner.query(`
      CREATE TABLE ${s}.video_usage (
        creator_id text NOT NULL,
        day date NOT NULL,
        audio_minutes double precision NOT NULL DEFAULT 0,
        embedding_tokens bigint NOT NULL DEFAULT 0,
        cost_usd double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (creator_id, day)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.video_usage, ${s}.video_chunks, ${s}.video_transcripts, ${s}.videos`);
  }
}

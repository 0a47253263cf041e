import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoring jobs and their calls as the API shows them and the workflow's checks query them, and
 * the analysis cache: a stage's answer per content hash, shared by every job.
 */
export class CreateScoringViews1733300000000 implements MigrationInterface {
  name = 'CreateScoringViews1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.scoring_jobs (
        job_id text PRIMARY KEY,
        file_name text NOT NULL,
        status text NOT NULL,
        silver_model text NOT NULL,
        gold_model text NOT NULL,
        rubric text NOT NULL,
        total_calls int NOT NULL,
        skipped_rows jsonb NOT NULL,
        more_skipped int NOT NULL,
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      )`);
    await runner.query(`CREATE INDEX scoring_jobs_by_creation ON ${s}.scoring_jobs (created_at DESC, job_id)`);
    await runner.query(`
      CREATE TABLE ${s}.scoring_calls (
        call_id text PRIMARY KEY,
        job_id text NOT NULL,
        row_number int NOT NULL,
        external_id text,
        agent text,
        call_date text,
        duration_seconds double precision,
        status text NOT NULL,
        verdict text,
        extraction jsonb,
        scores jsonb,
        overall double precision,
        coaching jsonb,
        failure text,
        silver_cached boolean,
        gold_cached boolean,
        silver_usage jsonb,
        gold_usage jsonb,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX scoring_calls_by_job ON ${s}.scoring_calls (job_id, row_number)`);
    await runner.query(`
      CREATE TABLE ${s}.scoring_cache (
        cache_key text PRIMARY KEY,
        stage text NOT NULL,
        answer jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.scoring_cache, ${s}.scoring_calls, ${s}.scoring_jobs`);
  }
}

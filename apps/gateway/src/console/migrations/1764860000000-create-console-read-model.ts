import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ops console's read model, fed from every domain's stream: one row per workflow run (paged
 * by start time, filtered by kind and status, searched by payload terms through a GIN index) and
 * every event of every domain (a run's timeline by correlation id; the live tail by position).
 */
export class CreateConsoleReadModel1764860000000 implements MigrationInterface {
  name = 'CreateConsoleReadModel1764860000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.console_runs (
        run_id text PRIMARY KEY,
        kind text NOT NULL,
        status text NOT NULL,
        label text,
        started_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        current_step text,
        step_at timestamptz,
        failures int NOT NULL DEFAULT 0,
        events int NOT NULL DEFAULT 0,
        terms text[] NOT NULL DEFAULT '{}'
      )`);
    await runner.query(`CREATE INDEX console_runs_started ON ${s}.console_runs (started_at DESC, run_id DESC)`);
    await runner.query(`CREATE INDEX console_runs_kind_started ON ${s}.console_runs (kind, started_at DESC, run_id DESC)`);
    await runner.query(`CREATE INDEX console_runs_status_started ON ${s}.console_runs (status, started_at DESC, run_id DESC)`);
    await runner.query(`CREATE INDEX console_runs_terms ON ${s}.console_runs USING gin (terms)`);
    await runner.query(`
      CREATE TABLE ${s}.console_events (
        position bigserial UNIQUE,
        event_id text PRIMARY KEY,
        run_id text NOT NULL,
        domain text NOT NULL,
        type text NOT NULL,
        version int NOT NULL,
        stream_id text NOT NULL,
        stream_position int NOT NULL,
        occurred_at timestamptz NOT NULL,
        causation_id text,
        producer text,
        trace_id text,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX console_events_run ON ${s}.console_events (run_id, occurred_at, position)`);
    // The live tail looks back a moment for transactions that committed after a later position.
    await runner.query(`CREATE INDEX console_events_received ON ${s}.console_events (received_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.console_events`);
    await runner.query(`DROP TABLE ${s}.console_runs`);
  }
}

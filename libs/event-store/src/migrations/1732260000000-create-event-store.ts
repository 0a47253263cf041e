import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema as schemaOf } from './migration-schema.js';

/**
 * The event store's tables in a service's schema. `events` refuses UPDATE, DELETE and TRUNCATE
 * in the database itself, so no application code can rewrite the audit trail.
 */
export class CreateEventStore1732260000000 implements MigrationInterface {
  name = 'CreateEventStore1732260000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.events (
        global_position bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        stream_id text NOT NULL,
        stream_position integer NOT NULL CHECK (stream_position > 0),
        type text NOT NULL,
        version integer NOT NULL,
        payload jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        UNIQUE (stream_id, stream_position)
      )`);
    // The relay's gapless read walks this index: (tx_id, global_position) > checkpoint.
    await runner.query(`CREATE INDEX events_tx_order ON ${s}.events (tx_id, global_position)`);
    await runner.query(`
      CREATE FUNCTION ${s}.refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
      END $$`);
    await runner.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON ${s}.events
      FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_event_change()`);
    await runner.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON ${s}.events
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.refuse_event_change()`);
    await runner.query(`
      CREATE TABLE ${s}.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await runner.query(`
      CREATE TABLE ${s}.checkpoints (
        name text PRIMARY KEY,
        tx_id xid8 NOT NULL,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.checkpoints, ${s}.inbox, ${s}.events`);
    await runner.query(`DROP FUNCTION ${s}.refuse_event_change()`);
  }
}

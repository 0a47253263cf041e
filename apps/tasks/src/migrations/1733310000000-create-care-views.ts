import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Nurses, shifts and tasks as the API lists them and as the assignment pools read them. */
export class CreateCareViews1733310000000 implements MigrationInterface {
  name = 'CreateCareViews1733310000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.nurses (
        nurse_id text PRIMARY KEY,
        name text NOT NULL,
        unit text NOT NULL,
        phone text NOT NULL,
        email text,
        last_turn bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE ${s}.shifts (
        shift_id text PRIMARY KEY,
        nurse_id text NOT NULL,
        unit text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity int NOT NULL,
        status text NOT NULL CHECK (status IN ('SCHEDULED', 'ACTIVE', 'ENDED'))
      )`);
    await runner.query(`CREATE INDEX shifts_active ON ${s}.shifts (unit) WHERE status = 'ACTIVE'`);
    await runner.query(`
      CREATE TABLE ${s}.tasks (
        task_id text PRIMARY KEY,
        unit text NOT NULL,
        patient_id text,
        episode_id text,
        priority text NOT NULL,
        severity text NOT NULL,
        reason_codes jsonb NOT NULL,
        action_type text NOT NULL,
        sla_minutes int NOT NULL,
        note text,
        status text NOT NULL,
        nurse_id text,
        created_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        assigned_at timestamptz,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        warned_at timestamptz,
        breached_at timestamptz
      )`);
    await runner.query(`CREATE INDEX tasks_waiting ON ${s}.tasks (unit, created_at) WHERE status = 'UNASSIGNED'`);
    await runner.query(`CREATE INDEX tasks_open_by_nurse ON ${s}.tasks (nurse_id) WHERE status IN ('ASSIGNED', 'ACKNOWLEDGED')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.tasks, ${s}.shifts, ${s}.nurses`);
  }
}

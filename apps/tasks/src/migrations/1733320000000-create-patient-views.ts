import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Patients, episodes and discharge check-ins as the API shows them and the check-in flow reads them. */
export class CreatePatientViews1733320000000 implements MigrationInterface {
  name = 'CreatePatientViews1733320000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.patients (
        patient_id text PRIMARY KEY,
        name text NOT NULL,
        phone text NOT NULL,
        email text,
        timezone text NOT NULL,
        preferred_channel text NOT NULL,
        quiet_hours jsonb,
        unit text NOT NULL,
        opted_out boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX patients_by_phone ON ${s}.patients (phone)`);
    await runner.query(`
      CREATE TABLE ${s}.episodes (
        episode_id text PRIMARY KEY,
        patient_id text NOT NULL,
        status text NOT NULL,
        admitted_at timestamptz NOT NULL,
        discharged_at timestamptz,
        check_in_id text
      )`);
    await runner.query(`
      CREATE TABLE ${s}.check_ins (
        check_in_id text PRIMARY KEY,
        episode_id text NOT NULL,
        patient_id text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        attempts jsonb NOT NULL DEFAULT '[]',
        interaction_id text,
        severity text,
        summary text,
        task_id text,
        closed_reason text,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX check_ins_open_by_patient ON ${s}.check_ins (patient_id) WHERE status IN ('SCHEDULED', 'AWAITING_REPLY')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.check_ins, ${s}.episodes, ${s}.patients`);
  }
}

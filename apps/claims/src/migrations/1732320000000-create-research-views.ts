import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Campaigns, hypotheses, claims and each call's progress through the pipeline, as the API shows
 * them and as the workflow's checks (evidence threshold, completion) query them.
 */
export class CreateResearchViews1732320000000 implements MigrationInterface {
  name = 'CreateResearchViews1732320000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.campaigns (
        campaign_id text PRIMARY KEY,
        name text NOT NULL,
        status text NOT NULL,
        checklist jsonb NOT NULL,
        contacts int NOT NULL,
        created_at timestamptz NOT NULL,
        launched_at timestamptz,
        completed_at timestamptz
      )`);
    await runner.query(`
      CREATE TABLE ${s}.hypotheses (
        hypothesis_id text PRIMARY KEY,
        campaign_id text NOT NULL,
        position int NOT NULL,
        key text NOT NULL,
        statement text NOT NULL,
        status text NOT NULL DEFAULT 'OPEN',
        conclusion text,
        average_confidence double precision,
        used_claim_ids jsonb,
        validation_pending boolean NOT NULL DEFAULT false,
        last_error text,
        decided_at timestamptz
      )`);
    await runner.query(`CREATE INDEX hypotheses_by_campaign ON ${s}.hypotheses (campaign_id, position)`);
    await runner.query(`
      CREATE TABLE ${s}.campaign_calls (
        call_id text PRIMARY KEY,
        campaign_id text NOT NULL,
        phone text NOT NULL,
        final_status text,
        outcome text CHECK (outcome IN ('EXTRACTED', 'FAILED')),
        outcome_reason text
      )`);
    await runner.query(`CREATE INDEX campaign_calls_by_campaign ON ${s}.campaign_calls (campaign_id)`);
    await runner.query(`
      CREATE TABLE ${s}.claims (
        claim_id text PRIMARY KEY,
        call_id text NOT NULL,
        campaign_id text NOT NULL,
        hypothesis_id text NOT NULL,
        statement text NOT NULL,
        stance text NOT NULL CHECK (stance IN ('supports', 'contradicts')),
        confidence double precision NOT NULL,
        evidence_start double precision NOT NULL,
        evidence_end double precision NOT NULL,
        extracted_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX claims_by_hypothesis ON ${s}.claims (hypothesis_id)`);
    await runner.query(`CREATE INDEX claims_by_call ON ${s}.claims (call_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.claims, ${s}.campaign_calls, ${s}.hypotheses, ${s}.campaigns`);
  }
}

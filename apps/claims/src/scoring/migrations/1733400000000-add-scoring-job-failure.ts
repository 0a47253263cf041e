import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a scoring job failed (its upload stopped before every call arrived), as the API shows it. */
export class AddScoringJobFailure1733400000000 implements MigrationInterface {
  name = 'AddScoringJobFailure1733400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.scoring_jobs ADD COLUMN failure text`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.scoring_jobs DROP COLUMN failure`);
  }
}

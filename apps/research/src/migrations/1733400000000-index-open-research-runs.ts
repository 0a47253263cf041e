import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A sync reads the runs not ended yet for every meeting it sees (their prospects are not asked again): a few rows of many. */
export class IndexOpenResearchRuns1733400000000 implements MigrationInterface {
  name = 'IndexOpenResearchRuns1733400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE INDEX research_runs_open ON ${schemaOf(runner)}.research_runs (research_id) WHERE status IN ('pending', 'generating')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX ${schemaOf(runner)}.research_runs_open`);
  }
}

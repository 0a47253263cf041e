import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Re-embed jobs' progress (the ReembedJob aggregate's read model). */
export class CreateReembedJobs1733300200000 implements MigrationInterface {
  name = 'CreateReembedJobs1733300200000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.reembed_jobs (
        job_id uuid PRIMARY KEY,
        selector text NOT NULL,
        total int NOT NULL,
        requested int NOT NULL DEFAULT 0,
        reembedded int NOT NULL DEFAULT 0,
        retried int NOT NULL DEFAULT 0,
        skipped int NOT NULL DEFAULT 0,
        failed int NOT NULL DEFAULT 0,
        status text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.reembed_jobs`);
  }
}

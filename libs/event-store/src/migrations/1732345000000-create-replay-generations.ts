import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema as schemaOf } from './migration-schema.js';

/**
 * The replay generation of each durable consumer, beside the inbox it keys: JetStream keeps it in
 * the consumer's description, which is gone with the consumer, and a consumer recreated at an
 * older generation would run again every event handled under the newer one.
 */
export class CreateReplayGenerations1732345000000 implements MigrationInterface {
  name = 'CreateReplayGenerations1732345000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.replay_generations (
        consumer text PRIMARY KEY,
        generation integer NOT NULL CHECK (generation >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.replay_generations`);
  }
}

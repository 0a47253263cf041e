import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries a consumer acked before handling because their rate-limited start is ahead: one row
 * per consumer and event until it is handled, due when its reserved start comes.
 */
export class CreateDeferredDeliveries1732340000000 implements MigrationInterface {
  name = 'CreateDeferredDeliveries1732340000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.deferred_deliveries (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        key text NOT NULL,
        due_at timestamptz NOT NULL,
        reserved boolean NOT NULL,
        attempt int NOT NULL,
        delivery jsonb NOT NULL,
        claimed_by uuid,
        claimed_until timestamptz,
        deferred_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await runner.query(`CREATE INDEX deferred_deliveries_due ON ${s}.deferred_deliveries (consumer, due_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${schemaOf(runner)}.deferred_deliveries`);
  }
}

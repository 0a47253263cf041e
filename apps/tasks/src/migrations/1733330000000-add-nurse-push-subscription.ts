import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The nurse's Web Push subscription, which nurse alerts read to try push first. */
export class AddNursePushSubscription1733330000000 implements MigrationInterface {
  name = 'AddNursePushSubscription1733330000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.nurses ADD COLUMN push_subscription jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE ${schemaOf(runner)}.nurses DROP COLUMN push_subscription`);
  }
}

import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The NotificationLog: each notification, and each channel it was sent on with what became of it. */
export class CreateNotificationLog1733300000000 implements MigrationInterface {
  name = 'CreateNotificationLog1733300000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`
      CREATE TABLE ${s}.notifications (
        notification_id text PRIMARY KEY,
        recipient_kind text NOT NULL,
        recipient_id text NOT NULL,
        about_kind text NOT NULL,
        about_id text NOT NULL,
        urgent boolean NOT NULL,
        channels jsonb NOT NULL,
        channel text,
        status text NOT NULL,
        provider_id text,
        reason text,
        correlation_id text NOT NULL,
        requested_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX notifications_by_recipient ON ${s}.notifications (recipient_kind, recipient_id, requested_at)`);
    await runner.query(`CREATE INDEX notifications_by_subject ON ${s}.notifications (about_kind, about_id, requested_at)`);
    await runner.query(`
      CREATE TABLE ${s}.notification_sends (
        notification_id text NOT NULL,
        attempt int NOT NULL,
        channel text NOT NULL,
        status text NOT NULL,
        provider_id text,
        reason text,
        requested_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (notification_id, attempt)
      )`);
    await runner.query(`CREATE INDEX notification_sends_by_provider_id ON ${s}.notification_sends (provider_id) WHERE provider_id IS NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`DROP TABLE ${s}.notification_sends, ${s}.notifications`);
  }
}

import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watch channels' tokens are no longer stored: a new channel's token is derived from its id under
 * TOKEN_ENCRYPTION_KEYS (`token_key_id` names the key), and every channel keeps only the token's
 * sha256, which pushes are checked against. A channel from before keeps working on its digest
 * (key id NULL) until renewal replaces it; one still being opened is replaced (its token cannot be
 * made again). Down cannot bring tokens back: the old code then refuses these channels' pushes
 * (wrong token) until renewal replaces each, within 12 h of its expiry.
 */
export class DeriveWatchChannelTokens1765000000000 implements MigrationInterface {
  name = 'DeriveWatchChannelTokens1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`ALTER TABLE ${s}.watch_subscriptions ADD COLUMN token_key_id text, ADD COLUMN token_digest text`);
    await runner.query(`UPDATE ${s}.watch_subscriptions SET token_digest = encode(sha256(convert_to(channel_token, 'UTF8')), 'hex')`);
    await runner.query(`ALTER TABLE ${s}.watch_subscriptions ALTER COLUMN token_digest SET NOT NULL, DROP COLUMN channel_token`);
  }

  async down(runner: QueryRunner): Promise<void> {
    const s = schemaOf(runner);
    await runner.query(`ALTER TABLE ${s}.watch_subscriptions ADD COLUMN channel_token text NOT NULL DEFAULT ''`);
    await runner.query(`ALTER TABLE ${s}.watch_subscriptions ALTER COLUMN channel_token DROP DEFAULT, DROP COLUMN token_key_id, DROP COLUMN token_digest`);
  }
}

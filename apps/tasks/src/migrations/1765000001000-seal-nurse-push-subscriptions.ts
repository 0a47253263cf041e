import { migrationSchema as schemaOf } from '@switchboard/event-store';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nurses' push subscriptions are kept with their keys sealed (`SealedPushSubscription`). A row the
 * v1 projection wrote (keys in the clear) becomes what projecting its upcast v1 event writes now
 * (`unsealedPushSubscription` in libs/contracts): the same keys, marked unsealed, and their digest,
 * so the read model stays equal to a rebuild and alerts keep going to those subscriptions. Only a
 * subscription set anew is sealed: the events it came from are append-only.
 */
export class SealNursePushSubscriptions1765000001000 implements MigrationInterface {
  name = 'SealNursePushSubscriptions1765000001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      UPDATE ${schemaOf(runner)}.nurses SET push_subscription = jsonb_build_object(
        'endpoint', push_subscription->>'endpoint',
        'sealedKeys', 'unsealed:' || (push_subscription->'keys'->>'p256dh') || ':' || (push_subscription->'keys'->>'auth'),
        'keysDigest', rtrim(translate(encode(sha256(convert_to((push_subscription->'keys'->>'p256dh') || '.' || (push_subscription->'keys'->>'auth'), 'UTF8')), 'base64'), '+/', '-_'), '='))
      WHERE push_subscription ? 'keys'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // Sealed keys cannot be opened here (no key in a migration): those subscriptions are dropped and must be set again.
    await runner.query(`
      UPDATE ${schemaOf(runner)}.nurses SET push_subscription = CASE WHEN push_subscription->>'sealedKeys' LIKE 'unsealed:%'
        THEN jsonb_build_object('endpoint', push_subscription->>'endpoint', 'keys', jsonb_build_object(
          'p256dh', split_part(push_subscription->>'sealedKeys', ':', 2), 'auth', split_part(push_subscription->>'sealedKeys', ':', 3)))
        END
      WHERE push_subscription ? 'sealedKeys'`);
  }
}

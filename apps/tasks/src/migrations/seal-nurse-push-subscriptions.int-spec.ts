import { openPushSubscription, unsealedPushSubscription } from '@switchboard/contracts';
import { runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { tasksMigrations } from '../tasks.migrations.js';

const ns = new TestNamespace();
const schema = ns.schema('tasks');
afterAll(() => ns.dispose());

describe('migration 1765000001000: nurses whose push subscription the v1 projection kept in the clear', () => {
  it('get what projecting their upcast v1 event writes now, so alerts still reach them and a rebuild changes nothing', async () => {
    await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: tasksMigrations.slice(0, -1) });
    const v1 = { endpoint: 'https://push.example/sub/1', keys: { p256dh: createECDH('prime256v1').generateKeys().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
    const insert = `INSERT INTO "${schema}".nurses (nurse_id, name, unit, phone, created_at, push_subscription) VALUES ($1, 'Ada', 'general', '+15550001111', now(), $2)`;
    await ns.pool.query(insert, ['with-push', v1]);
    await ns.pool.query(insert, ['without-push', null]);

    await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: tasksMigrations });
    const { rows } = await ns.pool.query(`SELECT nurse_id, push_subscription FROM "${schema}".nurses ORDER BY nurse_id`);
    expect(rows).toEqual([
      { nurse_id: 'with-push', push_subscription: unsealedPushSubscription(v1) },
      { nurse_id: 'without-push', push_subscription: null },
    ]);
    expect(openPushSubscription({ open: () => 'unused for keys stored in the clear' }, rows[0].push_subscription)).toEqual(v1);
  });
});

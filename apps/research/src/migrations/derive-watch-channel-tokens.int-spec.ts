import { runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { researchMigrations } from '../research.migrations.js';

const ns = new TestNamespace();
const schema = ns.schema('research');
afterAll(() => ns.dispose());

describe('migration 1765000000000: watch channels that stored their token', () => {
  it('keep only its sha256 (no key id: it was not derived), and the token column is gone', async () => {
    await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: researchMigrations.slice(0, -1) });
    await ns.pool.query(
      `INSERT INTO "${schema}".watch_subscriptions (channel_id, connection_id, channel_token, status, created_at) VALUES ('ch-1', 'conn-1', 'a-random-token', 'ACTIVE', now())`,
    );
    await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: researchMigrations });
    const { rows } = await ns.pool.query(`SELECT * FROM "${schema}".watch_subscriptions`);
    expect(rows).toEqual([expect.objectContaining({ channel_id: 'ch-1', token_key_id: null, token_digest: createHash('sha256').update('a-random-token').digest('hex') })]);
    expect(Object.keys(rows[0])).not.toContain('channel_token');
  });
});

import { TEST_DATABASE_URL } from '@switchboard/testing';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { STEP_DATA } from './chain4-system.js';

/**
 * The floor under a durable step: one committed single-row INSERT (its WAL flushed, as
 * synchronous_commit requires), one after another, in a schema of its own dropped after.
 */
export async function postgresCommitsMs(samples: number): Promise<number[]> {
  const schema = `c4raw_${randomBytes(4).toString('hex')}`;
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'chain4-raw' });
  await db.connect();
  try {
    await db.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.t (id int PRIMARY KEY, data text)`);
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await db.query(`INSERT INTO ${schema}.t VALUES ($1, $2)`, [i, STEP_DATA]);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.end();
  }
}

/** fsync and synchronous_commit as the server runs them (never changed here). */
export async function postgresDurability(): Promise<string> {
  const db = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'chain4-raw' });
  await db.connect();
  try {
    const setting = async (name: string) => (await db.query<{ setting: string }>('SELECT setting FROM pg_settings WHERE name = $1', [name])).rows[0].setting;
    return `fsync ${await setting('fsync')}, synchronous_commit ${await setting('synchronous_commit')}`;
  } finally {
    await db.end();
  }
}

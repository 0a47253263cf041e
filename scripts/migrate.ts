import { SERVICE_NAMES } from '@switchboard/platform';
import { durableMigrations } from '@switchboard/durable';
import { runMigrations, schemaName } from '@switchboard/event-store';
import { databaseUrl } from './infra/defaults.js';

/** Each service's schema brought up to date (`npm start` runs this; so does the compose `migrate` job). */
export async function migrateAll(env = process.env): Promise<void> {
  const namespace = env.SWITCHBOARD_NAMESPACE ?? '';
  for (const service of SERVICE_NAMES) {
    await runMigrations({ url: databaseUrl(env), schema: schemaName(namespace, service), migrations: durableMigrations });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await migrateAll();
  console.log('[migrate] every service schema is up to date');
}

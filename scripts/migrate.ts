import { cli } from './cli/cli-args.js';

/**
 * Each service's schema brought up to date (`npm start` runs this; so does the compose `migrate` job).
 * The migrations load on the call, so that `--help` here loads none of them.
 */
export const migrateAll = async (env = process.env): Promise<void> => (await import('./migrate/migrate-all.js')).migrateAll(env);

if (import.meta.url === `file://${process.argv[1]}`) {
  cli({
    command: 'node --import @swc-node/register/esm-register scripts/migrate.ts',
    summary: "Brings every service's schema up to date (what npm start and the compose migrate job run).",
    options: {},
    notes: ['environment: DATABASE_URL, SWITCHBOARD_NAMESPACE'],
  });
  await migrateAll();
  console.log('[migrate] every service schema is up to date');
}

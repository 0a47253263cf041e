import pg from 'pg';
import type { MigrationInterface } from 'typeorm';
import { CreateEventStore1732260000000 } from './1732260000000-create-event-store.js';
import { CreateReplayGenerations1732345000000 } from './1732345000000-create-replay-generations.js';
import { IndexInboxAge1732422000000 } from './1732422000000-index-inbox-age.js';

export const eventStoreMigrations = [CreateEventStore1732260000000, CreateReplayGenerations1732345000000, IndexInboxAge1732422000000];

export interface RunMigrationsOptions {
  url: string;
  schema: string;
  /** A service's own migrations (read models), run after the event store's. */
  migrations?: (new () => MigrationInterface)[];
}

/**
 * Creates the schema if needed and runs pending migrations, tracked in `<schema>.migrations`.
 * An advisory lock per schema lets several processes call this at once.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<void> {
  const lock = new pg.Client({ connectionString: options.url, application_name: 'migrations' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`switchboard-migrate:${options.schema}`]);
    await lock.query(`CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(options.schema)}`);
    // Every service imports this library, only the migrate step runs this: TypeORM (300 modules,
    // ~20 MB resident) loads here rather than in each service at start-up.
    const { DataSource } = await import('typeorm');
    const dataSource = new DataSource({
      type: 'postgres',
      url: options.url,
      schema: options.schema,
      migrations: [...eventStoreMigrations, ...(options.migrations ?? [])],
      migrationsTableName: 'migrations',
      migrationsTransactionMode: 'each',
      logging: false,
    });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}

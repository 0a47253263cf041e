import type { QueryRunner } from 'typeorm';

/** The quoted schema a migration runs in: the one `runMigrations` gave the data source. */
export const migrationSchema = (runner: QueryRunner): string =>
  `"${(runner.connection.options as { schema?: string }).schema}"`;

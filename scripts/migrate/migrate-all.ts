import { SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import { runMigrations, schemaName } from '@switchboard/event-store';
import type { MigrationInterface } from 'typeorm';
import { claimsMigrations } from '../../apps/claims/src/claims.migrations.js';
import { gatewayMigrations } from '../../apps/gateway/src/gateway.migrations.js';
import { researchMigrations } from '../../apps/research/src/research.migrations.js';
import { tasksMigrations } from '../../apps/tasks/src/tasks.migrations.js';
import { telephonyMigrations } from '../../apps/telephony/src/telephony.migrations.js';
import { transcriptionMigrations } from '../../apps/transcription/src/transcription.migrations.js';
import { databaseUrl } from '../infra/defaults.js';

const SERVICE_MIGRATIONS: Record<ServiceName, (new () => MigrationInterface)[]> = {
  gateway: gatewayMigrations,
  telephony: telephonyMigrations,
  transcription: transcriptionMigrations,
  claims: claimsMigrations,
  tasks: tasksMigrations,
  research: researchMigrations,
};

/** What scripts/migrate.ts runs: each service's migrations in its own schema of the namespace. */
export async function migrateAll(env = process.env): Promise<void> {
  const namespace = env.SWITCHBOARD_NAMESPACE ?? '';
  for (const service of SERVICE_NAMES) {
    await runMigrations({ url: databaseUrl(env), schema: schemaName(namespace, service), migrations: SERVICE_MIGRATIONS[service] });
  }
}

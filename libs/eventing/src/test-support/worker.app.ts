import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { durableMigrations } from '@switchboard/durable';
import { PostgresModule, runMigrations } from '@switchboard/event-store';
import pg from 'pg';
import { NatsModule } from '../connection/nats.module.js';
import { EventingModule } from '../module/eventing.module.js';
import type { EventingRuntime } from '../module/eventing-runtime.js';
import { startEventing } from '../module/start-eventing.js';
import { workerRegistry } from './worker.events.js';
import { WorkerHandlers } from './worker.handlers.js';

export interface WorkerSettings {
  namespace: string;
  databaseUrl: string;
  natsUrl: string;
  /** Overrides of the relay's quick test timings. */
  relay?: { pollIntervalMs?: number; stepDeadlineMs?: number };
}

export const workerSchema = (namespace: string) => `${namespace}_worker`;

/** Store, inbox and the table the test handler writes its effects to. */
export async function prepareWorkerSchema(settings: WorkerSettings): Promise<void> {
  const schema = workerSchema(settings.namespace);
  await runMigrations({ url: settings.databaseUrl, schema, migrations: durableMigrations });
  const client = new pg.Client(settings.databaseUrl);
  await client.connect();
  await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".effects (
    event_id uuid, item_id text, n int, attempt int, pid int, handled_at timestamptz DEFAULT clock_timestamp(),
    tx xid8 DEFAULT pg_current_xact_id())`);
  await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".fixes (item_id text)`);
  await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".provider_calls (item_id text, at timestamptz DEFAULT now())`);
  await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".views (item_id text PRIMARY KEY, n int)`);
  await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".attempts (
    event_id uuid, attempt int, at timestamptz DEFAULT clock_timestamp())`);
  await client.query(`CREATE TABLE IF NOT EXISTS "${schema}".jobs (
    job_id text, key text, started_at timestamptz, finished_at timestamptz, pid int)`);
  await client.end();
}

/** What every test worker is made of: NATS, a pool, and eventing as the `worker` service of domain `test`. */
export function workerImports(settings: WorkerSettings, name: string, poolMax: number) {
  return [
    NatsModule.forRoot({ url: settings.natsUrl, name }),
    PostgresModule.forRoot({ url: settings.databaseUrl, applicationName: name, max: poolMax }),
    EventingModule.forService({
      service: 'worker',
      domain: 'test',
      namespace: settings.namespace,
      schema: workerSchema(settings.namespace),
      databaseUrl: settings.databaseUrl,
      registry: workerRegistry(),
      relay: { pollIntervalMs: 200, leaderRetryMs: 300, streamCheckIntervalMs: 500, ...settings.relay },
    }),
  ];
}

/**
 * A minimal service on the eventing stack: produces and consumes `test.item.added`. With
 * `wait: false` it starts as a service does, without waiting for eventing to be ready.
 */
export async function startWorker(
  settings: WorkerSettings,
  options: { wait?: boolean } = { wait: true },
): Promise<{ app: INestApplication; runtime: EventingRuntime }> {
  WorkerHandlers.schema = workerSchema(settings.namespace);

  @Module({ imports: workerImports(settings, 'test-worker', 20), controllers: [WorkerHandlers] })
  class WorkerModule {}

  const app = await NestFactory.create(WorkerModule, { logger: ['error', 'warn'], abortOnError: false });
  const runtime = await startEventing(app, options);
  if (!options.wait) await app.init();
  return { app, runtime };
}

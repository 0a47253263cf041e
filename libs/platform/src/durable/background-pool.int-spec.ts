import { Global, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { durableMigrations, DurableTimers } from '@switchboard/durable';
import { EventStore, PostgresModule, runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsString } from 'class-validator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceConfig } from '../config/service-config.js';
import { DurableModule } from './durable.module.js';

class Ping {
  @IsString() note: string;
}
const pingDue = defineEvent({ domain: 'test', aggregate: 'ping', event: 'due', version: 1, payload: Ping });

const registry = new EventRegistry().register(pingDue);
const ns = new TestNamespace();
const schema = ns.schema('background');
let app: INestApplication;

@Global()
@Module({
  providers: [
    { provide: EventRegistry, useValue: registry },
    { provide: ServiceConfig, useValue: { INBOX_RETENTION_DAYS: 7, DURABLE_RETENTION_HOURS: 24 } },
    // The handlers' store, on the service's pool, as EventingModule provides it.
    { provide: EventStore, inject: [pg.Pool], useFactory: (pool: pg.Pool) => new EventStore(pool, schema, registry) },
  ],
  exports: [EventRegistry, ServiceConfig, EventStore],
})
class ServiceStandIn {}

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: durableMigrations });
  @Module({
    imports: [
      ServiceStandIn,
      PostgresModule.forRoot({ url: TEST_DATABASE_URL, applicationName: 'background-test', max: 3 }),
      DurableModule.forService(schema, { service: 'test', databaseUrl: TEST_DATABASE_URL }),
    ],
  })
  class TestModule {}
  app = await NestFactory.create(TestModule, { logger: ['error'] });
  await app.init();
});
afterAll(async () => {
  await app.close();
  await ns.dispose();
});

describe("durable timers and the service's pool", () => {
  it('fire while handlers hold every connection of the pool', async () => {
    const pool = app.get(pg.Pool);
    const held = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
    try {
      const timers = app.get(DurableTimers);
      await timers.schedule({ key: 'ping', streamId: 'ping-1', event: pingDue.create({ note: 'fired' }), at: new Date() });
      await expect
        .poll(async () => (await ns.pool.query(`SELECT 1 FROM "${schema}".events WHERE payload->>'note' = 'fired'`)).rowCount, {
          timeout: 15_000,
          interval: 100,
        })
        .toBe(1);
    } finally {
      held.forEach((client) => client.release());
    }
  });
});

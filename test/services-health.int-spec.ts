import type { INestApplication } from '@nestjs/common';
import { createServiceApp, type ServiceDefinition } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { durableMigrations, DurableTimers } from '@switchboard/durable';
import { runMigrations } from '@switchboard/event-store';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsApp } from '../apps/claims/src/claims.app.js';
import { gatewayApp } from '../apps/gateway/src/gateway.app.js';
import { researchApp } from '../apps/research/src/research.app.js';
import { tasksApp } from '../apps/tasks/src/tasks.app.js';
import { telephonyApp } from '../apps/telephony/src/telephony.app.js';
import { transcriptionApp } from '../apps/transcription/src/transcription.app.js';
import { migrateAll } from '../scripts/migrate.js';

const services: ServiceDefinition[] = [telephonyApp, transcriptionApp, claimsApp, tasksApp, researchApp];
const ns = new TestNamespace();
const env = { ...process.env, ...ns.env({ LOG_LEVEL: 'fatal', OPS_KEYS: 'sk-health-test' }) };

async function boot(definition: ServiceDefinition, overrides: Record<string, string> = {}) {
  const { app } = await createServiceApp(definition, { ...env, ...overrides });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

async function health(url: string) {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: (await response.json()) as { error: Record<string, unknown> } };
}

/** A port nothing listens on: bound, noted, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('service health', () => {
  const running: INestApplication[] = [];
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    // As `npm start` does: a service whose tables are missing cannot handle events, and says so.
    await migrateAll(env);
    for (const definition of services) {
      const { app, url } = await boot(definition);
      running.push(app);
      urls[definition.name] = url;
    }
  });
  afterAll(async () => {
    await Promise.all(running.map((app) => app.close()));
    await ns.dispose();
  });

  it.each(services.map((s) => [s.name]))('%s answers 200 with NATS and Postgres up', async (name) => {
    await expect.poll(async () => (await health(urls[name])).status, { timeout: 30_000 }).toBe(200);
  }, 60_000);

  it.each(services.map((s) => [s]))('$name answers 503 naming postgres when its database is down', async (definition) => {
    const port = await closedPort();
    const { app, url } = await boot(definition, { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/switchboard` });
    try {
      // NATS connects in the background; once it has, postgres is named, and eventing: every
      // service consumes events, and its consumers cannot start without their schema.
      await expect.poll(async () => Object.keys((await health(url)).body.error), { timeout: 30_000 }).toEqual(['postgres', 'eventing']);
      expect((await health(url)).status).toBe(503);
    } finally {
      await app.close();
    }
  }, 60_000);

  const gatewayEnv = () => ({
    TELEPHONY_URL: urls.telephony,
    TRANSCRIPTION_URL: urls.transcription,
    CLAIMS_URL: urls.claims,
    TASKS_URL: urls.tasks,
    RESEARCH_URL: urls.research,
  });

  it('gateway answers 200 when it and every service behind it are healthy', async () => {
    const { app, url } = await boot(gatewayApp, gatewayEnv());
    try {
      await expect.poll(async () => (await health(url)).status, { timeout: 30_000 }).toBe(200);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('gateway answers 503 naming the service that is down', async () => {
    const port = await closedPort();
    const { app, url } = await boot(gatewayApp, { ...gatewayEnv(), CLAIMS_URL: `http://127.0.0.1:${port}` });
    try {
      // The gateway's own consumers start in the background and are named until they pull; once
      // they do, claims alone is named, for as long as it stays down.
      await expect.poll(async () => Object.keys((await health(url)).body.error ?? {}), { timeout: 30_000 }).toEqual(['claims']);
      expect((await health(url)).status).toBe(503);
    } finally {
      await app.close();
    }
  }, 60_000);

  it('a service answers 503 naming nats (and so eventing, which cannot run) when NATS is unreachable', async () => {
    const port = await closedPort();
    const { app, url } = await boot(telephonyApp, { NATS_URL: `nats://127.0.0.1:${port}` });
    try {
      const { status, body } = await health(url);
      expect(status).toBe(503);
      expect(Object.keys(body.error)).toEqual(['nats', 'eventing']);
    } finally {
      await app.close();
    }
  });

  it('a service answers 503 naming eventing while its consumers cannot start, and 200 once they pull', async () => {
    // Its own namespace: a stream of another owner on its dead-letter subjects makes provisioning fail.
    const other = new TestNamespace();
    const jsm = await (await other.natsConnection()).jetstreamManager();
    await jsm.streams.add({ name: `${other.namespace.toUpperCase()}_BLOCKER`, subjects: [`${other.namespace}.dlq.>`] });
    await migrateAll({ ...env, SWITCHBOARD_NAMESPACE: other.namespace });
    const { app, url } = await boot(telephonyApp, { SWITCHBOARD_NAMESPACE: other.namespace });
    try {
      await expect.poll(async () => Object.keys((await health(url)).body.error ?? {}), { timeout: 10_000 }).toEqual(['eventing']);
      const { status, body } = await health(url);
      expect(status).toBe(503);
      const eventing = body.error.eventing as { relay: string; notPulling: { consumer: string; error: string }[] };
      expect(eventing.relay).toMatch(/not running: .*overlap/i);
      expect(eventing.notPulling.length).toBeGreaterThan(0);
      expect(eventing.notPulling[0].error).toMatch(/overlap/i);

      await jsm.streams.delete(`${other.namespace.toUpperCase()}_BLOCKER`);
      await expect.poll(async () => (await health(url)).status, { timeout: 30_000, interval: 200 }).toBe(200);
    } finally {
      await app.close();
      await other.dispose();
    }
  }, 60_000);

  it("serves what is waiting at /ops/waiting, from the service's own schema", async () => {
    await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('telephony'), migrations: durableMigrations });
    const telephony = running[services.indexOf(telephonyApp)];
    await telephony.get(DurableTimers).every(
      { key: 'renew-dial-windows', streamId: 'maintenance', event: { type: 'telephony.maintenance.due', version: 1, payload: {} } },
      3_600_000,
    );
    expect((await fetch(`${urls.telephony}/ops/waiting`)).status).toBe(401);
    const response = await fetch(`${urls.telephony}/ops/waiting`, { headers: { authorization: 'Bearer sk-health-test' } });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { timers: { key: string; kind: string }[]; retries: unknown[] };
    expect(report.timers).toEqual([expect.objectContaining({ key: 'renew-dial-windows', kind: 'every' })]);
    expect(report.retries).toEqual([]);
  });
});

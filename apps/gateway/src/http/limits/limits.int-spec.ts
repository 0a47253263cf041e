import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { exchange, type RawRequest, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../../gateway.app.js';
import { gatewayMigrations } from '../../gateway.migrations.js';

// Real gateways on PostgreSQL with no service behind them: the requests here are answered by the
// limits, or refused by the edge (an id that is not one is 400 once the guards have let it by).
const ns = new TestNamespace();
const [KEY_A, KEY_B, OPS_KEY] = ['sk-limits-a', 'sk-limits-b', 'sk-limits-ops'];
const LIMIT = 3;
const apps: INestApplication[] = [];

async function gateway(settings: Record<string, string>): Promise<string> {
  const env = ns.env({ LOG_LEVEL: 'fatal', API_KEYS: `${KEY_A},${KEY_B}`, OPS_KEYS: OPS_KEY, REQUEST_TIMEOUT_MS: '60000', ...settings });
  const { app } = await createServiceApp(gatewayApp, { ...process.env, ...env });
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
}

const get = (base: string, path: string, key?: string) =>
  fetch(`${base}${path}`, { headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
}, 60_000);
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await ns.dispose();
});

describe('per-key API rate limits, shared by replicas', () => {
  let replicas: string[];
  beforeAll(async () => {
    const settings = { API_RATE_LIMIT: String(LIMIT), API_RATE_WINDOW_MS: '600000', MAX_IN_FLIGHT: '0', MAX_EVENT_LOOP_DELAY_MS: '0' };
    replicas = [await gateway(settings), await gateway(settings)];
  }, 60_000);

  it("lets a key make its limit of requests across two replicas, then answers 429 with Retry-After; requests without a valid key spend no key's budget", async () => {
    for (const key of [undefined, 'sk-not-a-key']) for (const base of replicas) expect((await get(base, '/v1/campaigns/not-an-id', key)).status).toBeOneOf([401, 403]);

    const admitted = [];
    for (let i = 0; i < LIMIT; i++) admitted.push(await get(replicas[i % 2], '/v1/campaigns/not-an-id', KEY_A));
    expect(admitted.map((response) => response.status)).toEqual([400, 400, 400]);
    expect(admitted.map((response) => /r=(\d+);/.exec(response.headers.get('ratelimit') ?? '')?.[1])).toEqual(['2', '1', '0']);
    expect(admitted[0].headers.get('ratelimit-policy')).toMatch(/^"api-key"; q=3; w=600; pk=:[^:]+:$/);

    for (const base of replicas) {
      const refused = await get(base, '/v1/campaigns/not-an-id', KEY_A);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(600);
      expect(refused.headers.get('ratelimit')).toMatch(/^"api-key"; r=0; t=\d+$/);
      expect(await refused.json()).toMatchObject({
        type: 'https://switchboard.dev/problems/rate-limited',
        title: 'Too many requests',
        status: 429,
        detail: expect.stringMatching(/may make 3 requests every 600 s/),
      });
    }
  });

  it('keeps each key to a budget of its own', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await get(replicas[i % 2], '/v1/calls/not-an-id', KEY_B)).status).toBe(400);
    expect((await get(replicas[0], '/v1/calls/not-an-id', KEY_B)).status).toBe(429);
  });

  it('does not limit /health, /metrics or provider webhooks', async () => {
    for (const base of replicas) {
      const health = await get(base, '/health');
      expect(health.headers.get('ratelimit')).toBeNull();
      const metrics = await get(base, '/metrics', OPS_KEY);
      expect([metrics.status, metrics.headers.get('ratelimit')]).toEqual([200, null]);
      const webhook = await fetch(`${base}/webhooks/twilio/calls/status`, { method: 'POST', headers: { authorization: `Bearer ${KEY_A}` } });
      expect(webhook.status).not.toBe(429);
      expect(webhook.headers.get('ratelimit')).toBeNull();
    }
  });
});

describe('shedding load', () => {
  let base: string;
  const held: Socket[] = [];
  /** A request whose body never finishes: it stays in flight until its socket is closed. */
  async function holdRequest(path: string): Promise<void> {
    const { port, hostname } = new URL(base);
    const socket = connect(Number(port), hostname);
    held.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${KEY_A}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`);
  }
  const release = () => held.splice(0).forEach((socket) => socket.destroy());

  beforeAll(async () => {
    base = await gateway({ API_RATE_LIMIT: '0', MAX_IN_FLIGHT: '2', MAX_EVENT_LOOP_DELAY_MS: '0' });
  }, 60_000);
  afterAll(release);

  it('answers API requests 503 with Retry-After at the cap of requests in flight, webhooks only at twice the cap, /metrics always; and recovers', async () => {
    await holdRequest('/v1/campaigns');
    expect((await get(base, '/v1/campaigns/not-an-id', KEY_A)).status).toBe(400);
    await holdRequest('/v1/campaigns');

    await expect.poll(async () => (await get(base, '/v1/campaigns/not-an-id', KEY_A)).status, { timeout: 10_000 }).toBe(503);
    const shed = await get(base, '/v1/campaigns/not-an-id', KEY_A);
    expect([shed.status, shed.headers.get('retry-after'), shed.headers.get('content-type')]).toEqual([503, '1', 'application/problem+json']);
    expect(await shed.json()).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the gateway is overloaded: 2 requests are in flight (the cap is 2); retry after the number of seconds in Retry-After',
    });
    expect((await get(base, '/v1/campaigns', undefined)).status).toBe(503); // before the key is even looked at
    expect((await get(base, '/metrics', OPS_KEY)).status).toBe(200);
    const webhook = () => fetch(`${base}/webhooks/twilio/calls/status`, { method: 'POST' }).then((response) => response.status);
    expect(await webhook()).not.toBe(503);

    await holdRequest('/webhooks/twilio/calls/status');
    await holdRequest('/webhooks/twilio/calls/status');
    await expect.poll(webhook, { timeout: 10_000 }).toBe(503);
    // Answered (as unhealthy: no service runs behind this gateway), not shed.
    expect(await (await get(base, '/health')).text()).toMatch(/"status":"error".*"details"/);

    release();
    await expect.poll(async () => (await get(base, '/v1/campaigns/not-an-id', KEY_A)).status, { timeout: 10_000 }).toBe(400);
    expect(await webhook()).not.toBe(503);
  });

  it('counts a request refused at the edge out of flight once its connection is closed', async () => {
    const body = Buffer.alloc(2_000_000, 'x');
    const headers: RawRequest['headers'] = [['Authorization', `Bearer ${KEY_A}`], ['Content-Type', 'application/json'], ['Connection', 'close']];
    // More refusals than the cap: were one counted for good, the last would be shed.
    for (let i = 0; i < 3; i++) {
      const outcome = await exchange(new URL(base), { method: 'POST', target: '/v1/campaigns', headers, body }, 10_000);
      expect(outcome).toMatchObject({ kind: 'answer', status: 413 });
      // Its connection closes a moment after the answer (the gateway reads what is still sent).
      await expect.poll(async () => (await get(base, '/v1/campaigns/not-an-id', KEY_A)).text(), { timeout: 10_000 }).not.toMatch(/overloaded/);
    }
  });
});

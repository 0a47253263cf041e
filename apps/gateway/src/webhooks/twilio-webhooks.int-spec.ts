import type { INestApplication } from '@nestjs/common';
import { gatewayMigrations } from '../gateway.migrations.js';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { type AddressInfo, createServer } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';

const ns = new TestNamespace();
const token = 'webhook-test-token';
let app: INestApplication;
let base: string;
let store: EventStore;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // PUBLIC_URL is what Twilio signs; here the gateway is reached directly.
  const env = ns.env({ LOG_LEVEL: 'fatal', TWILIO_AUTH_TOKEN: token, PUBLIC_URL: base });
  ({ app } = await createServiceApp(gatewayApp, { ...process.env, ...env }));
  await app.listen(port, '127.0.0.1');
  store = new EventStore(ns.pool, ns.schema('gateway'));
});
afterAll(async () => {
  await app.close();
  await ns.dispose();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const params = { AccountSid: 'AC1', CallSid: 'CA123', CallStatus: 'ringing', To: '+15551230001' };
const post = (path: string, body: Record<string, string>, signature?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature && { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(body),
  });
const stored = async () => (await store.readAll({ limit: 100 })).events;

describe('POST /webhooks/twilio/voice/:route', () => {
  it('keeps a signed status callback as an event, then answers 204', async () => {
    const path = '/webhooks/twilio/voice/status';
    const signature = twilio.getExpectedTwilioSignature(token, `${base}${path}`, params);
    const response = await post(path, params, signature);
    expect(response.status).toBe(204);
    const events = await stored();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'gateway.twilio-webhook.received', payload: { kind: 'voice-status', params } });
  });

  it('refuses a forged or unsigned callback with 403, and records nothing', async () => {
    const before = (await stored()).length;
    const path = '/webhooks/twilio/voice/status';
    const signature = twilio.getExpectedTwilioSignature(token, `${base}${path}`, params);
    expect((await post(path, { ...params, CallStatus: 'completed' }, signature)).status).toBe(403);
    expect((await post(path, params)).status).toBe(403);
    expect((await post(path, params, twilio.getExpectedTwilioSignature('another-token', `${base}${path}`, params))).status).toBe(403);
    expect((await stored()).length).toBe(before);
  });

  it('answers 400 for a route it does not serve', async () => {
    expect((await post('/webhooks/twilio/voice/sms', params, 'x')).status).toBe(400);
  });
});

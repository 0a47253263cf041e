import type { INestApplication } from '@nestjs/common';
import { gatewayMigrations } from '../gateway.migrations.js';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { exchange, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
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

const CALL_SID = `CA${'0123456789abcdef'.repeat(2)}`;
const params = { AccountSid: 'AC1', CallSid: CALL_SID, CallStatus: 'ringing', To: '+15551230001' };
const post = (path: string, body: Record<string, string>, signature?: string) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature && { 'x-twilio-signature': signature }) },
    body: new URLSearchParams(body),
  });
/** A signed form POSTed to an absolute-form target, which fetch cannot send. */
const absoluteForm = (target: string, signature: string, body: string) =>
  exchange(
    new URL(base),
    {
      method: 'POST',
      target,
      headers: [['Content-Type', 'application/x-www-form-urlencoded'], ['X-Twilio-Signature', signature]],
      body: Buffer.from(body),
    },
    10_000,
  );
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

  it.each([
    // The base URL is known once the gateway listens, hence paths relative to it.
    ['another of our webhooks', (at: string) => `${at}/webhooks/twilio/voice/recording`],
    ['the same path with another query', (at: string) => `${at}/webhooks/twilio/voice/status?callId=another`],
    ['the same path at another scheme', (at: string) => `${at.replace('http:', 'https:')}/webhooks/twilio/voice/status`],
  ])('refuses with 403 a callback validly signed for %s, and records nothing', async (_, signedUrl) => {
    const before = (await stored()).length;
    expect((await post('/webhooks/twilio/voice/status', params, twilio.getExpectedTwilioSignature(token, signedUrl(base), params))).status).toBe(403);
    expect((await stored()).length).toBe(before);
  });

  it('answers 400 for a route it does not serve', async () => {
    expect((await post('/webhooks/twilio/voice/sms', params, 'x')).status).toBe(400);
  });

  it.each([
    ['no body', undefined, undefined],
    ['a text/plain body', 'text/plain', 'CallSid=x'],
    ['a multipart body', 'multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="CallSid"\r\n\r\nx\r\n--b--'],
    ['a JSON body nested 20,000 levels deep', 'application/json', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['nested form fields', 'application/x-www-form-urlencoded', 'CallSid[a][b]=x&CallSid=y'],
  ])('refuses a callback with %s as a 4xx, and records nothing', async (_, type, body) => {
    const before = (await stored()).length;
    const response = await fetch(`${base}/webhooks/twilio/voice/status`, {
      method: 'POST',
      headers: { 'x-twilio-signature': 'x', ...(type && { 'content-type': type }) },
      body,
    });
    expect([400, 403]).toContain(response.status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await stored()).length).toBe(before);
  });

  it('refuses an absolute-form request target, signed for another host, with 403', async () => {
    const path = '/webhooks/twilio/voice/status';
    const body = new URLSearchParams(params).toString();
    const evil = `http://evil.example${path}`;
    const response = await absoluteForm(evil, twilio.getExpectedTwilioSignature(token, evil, params), body);
    expect(response).toMatchObject({ kind: 'answer', status: 403 });
  });

  it('takes an absolute-form request target by its path, as Twilio signed PUBLIC_URL', async () => {
    const path = '/webhooks/twilio/voice/status';
    const body = new URLSearchParams(params).toString();
    const response = await absoluteForm(`http://evil.example${path}`, twilio.getExpectedTwilioSignature(token, `${base}${path}`, params), body);
    expect(response).toMatchObject({ kind: 'answer', status: 204 });
  });

  it.each([
    ['a NUL in CallStatus', { ...params, CallStatus: 'comp\u0000leted' }, 'CallStatus'],
    ['an unknown CallStatus', { ...params, CallStatus: 'exploded' }, 'CallStatus'],
    ['no CallSid', { CallStatus: 'ringing' }, 'CallSid'],
    ['a CallSid that is not a SID', { ...params, CallSid: "CA1' OR 1=1" }, 'CallSid'],
    ['a CallDuration that is not seconds', { ...params, CallStatus: 'completed', CallDuration: '1e309' }, 'CallDuration'],
    ['a value of 10,000 characters', { ...params, Caller: 'x'.repeat(10_000) }, 'Caller'],
  ])('refuses a validly signed status callback with %s as 400 naming the field, and records nothing', async (_, body, field) => {
    const before = (await stored()).length;
    const path = '/webhooks/twilio/voice/status';
    const response = await post(path, body, twilio.getExpectedTwilioSignature(token, `${base}${path}`, body));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([expect.objectContaining({ field })]);
    expect((await stored()).length).toBe(before);
  });

  it('refuses a validly signed recording callback without a RecordingSid', async () => {
    const path = '/webhooks/twilio/voice/recording';
    const body = { CallSid: CALL_SID, RecordingStatus: 'completed', RecordingUrl: 'https://api.twilio.com/r' };
    const response = await post(path, body, twilio.getExpectedTwilioSignature(token, `${base}${path}`, body));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown }).errors).toEqual([expect.objectContaining({ field: 'RecordingSid' })]);
  });
});

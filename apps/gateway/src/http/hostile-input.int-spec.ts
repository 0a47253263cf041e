import type { INestApplication } from '@nestjs/common';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { exchange, type RawRequest, TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';
import { gatewayMigrations } from '../gateway.migrations.js';
import type { Problem } from './problem.exception.js';

// The real gateway, with no service behind it: everything here must be refused at the edge, before
// a command is sent (one that were sent would time out, and the test with it).
const ns = new TestNamespace();
const KEY = 'sk-hostile-test';
const OPS_KEY = 'sk-hostile-ops';
const TIMEOUT_MS = 1_000;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  const env = ns.env({ LOG_LEVEL: 'fatal', API_KEYS: KEY, OPS_KEYS: OPS_KEY, REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) });
  ({ app } = await createServiceApp(gatewayApp, { ...process.env, ...env }));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
});
afterAll(async () => {
  await app?.close();
  await ns.dispose();
});

const authorized = { authorization: `Bearer ${KEY}` };
const postJson = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { ...authorized, 'content-type': 'application/json', ...headers }, body });
const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Problem & { errors?: { field: string; messages: string[] }[]; errorCount?: number };
};
const campaign = { name: 'Edge', checklist: ['Why?'], hypotheses: [{ key: 'h1', statement: 'Clinics book by phone' }], contacts: [{ phone: '+15551230001' }] };
/** A request fetch will not send (a lying length, an odd target), answered within 10 s. */
async function raw(request: RawRequest) {
  const outcome = await exchange(new URL(base), request, 10_000);
  if (outcome.kind !== 'answer') throw new Error(`no answer: ${JSON.stringify(outcome)}`);
  return { ...outcome, json: JSON.parse(outcome.body.toString()) as Problem };
}
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('ids and text PostgreSQL cannot store', () => {
  it.each(['/v1/campaigns/%00', '/v1/campaigns/%00/calls', '/v1/calls/..%2f..%2fetc', '/v1/hypotheses/not-an-id'])('answers GET %s with 400 naming the id', async (path) => {
    const response = await fetch(`${base}${path}`, { headers: authorized });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ title: 'INVALID', errors: [{ field: 'id' }] });
  });

  it('answers a launch of a malformed id with 400', async () => {
    const response = await fetch(`${base}/v1/campaigns/%00/launch`, { method: 'POST', headers: authorized });
    expect(response.status).toBe(400);
  });

  it.each([
    ['a NUL', { ...campaign, name: 'Ed\u0000ge' }, 'name', /NUL/],
    ['a lone surrogate', { ...campaign, checklist: ['a\ud800b'] }, 'checklist[0]', /lone surrogate/],
    ['a NUL in an unknown field', { ...campaign, contacts: [{ phone: '+15551230001', ['no\u0000te']: 1 }] }, 'contacts[0]."no\\u0000te"', /NUL/],
    ['__proto__', JSON.parse(`{"name":"Edge","checklist":[],"hypotheses":[],"contacts":[{"phone":"+15551230001","__proto__":{"x":1}}]}`), 'contacts[0]."__proto__"', /may not be used/],
  ])('answers a body with %s with 400 naming the field', async (_, body, field, message) => {
    const response = await postJson('/v1/campaigns', JSON.stringify(body));
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors).toEqual([{ field, messages: [expect.stringMatching(message)] }]);
  });
});

describe('deep nesting', () => {
  it.each([33, 10_000, 100_000])('answers a body nested %i levels deep with 400, with or without an Idempotency-Key', async (levels) => {
    for (const headers of [{}, { 'idempotency-key': `deep-${levels}` }] as Record<string, string>[]) {
      const response = await postJson('/v1/campaigns', `{"contacts":${nested(levels)}}`, headers);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors?.[0].messages[0]).toMatch(/nested deeper than 32 levels/);
    }
  });
});

describe('shapes the DTOs must not let through', () => {
  it.each([
    ['contacts', { ...campaign, contacts: [[]] }],
    ['hypotheses', { ...campaign, hypotheses: [[]] }],
    ['contacts', { ...campaign, contacts: ['+15551230001'] }],
    ['hypotheses', { ...campaign, hypotheses: [null] }],
  ])('answers a non-object in %s with 400 naming it', async (field, body) => {
    const response = await postJson('/v1/campaigns', JSON.stringify(body));
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors).toEqual([{ field, messages: [`each item of ${field} must be an object`] }]);
  });

  it.each([
    ['no body', undefined],
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"campaign"'],
    ['a number too large for a double', '{"name":1e309}'],
    ['duplicate keys', '{"name":"a","name":["b"]}'],
  ])('answers a campaign body of %s with 400', async (_, body) => {
    const response = await fetch(`${base}/v1/campaigns`, { method: 'POST', headers: { ...authorized, ...(body && { 'content-type': 'application/json' }) }, body });
    expect(response.status).toBe(400);
    await problemOf(response);
  });

  it('answers 100,000 contacts with one short problem, and answers /health meanwhile', async () => {
    const body = JSON.stringify({ ...campaign, contacts: Array.from({ length: 100_000 }, () => ({})), hypotheses: Array.from({ length: 100_000 }, () => ({})) });
    const [response, health] = await Promise.all([postJson('/v1/campaigns', body), fetch(`${base}/health`)]);
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(4_096);
    expect(JSON.parse(text).errors.map((e: { field: string }) => e.field).sort()).toEqual(['contacts', 'hypotheses']);
    expect(health.status).not.toBe(500);
  });

  it('reports at most 20 errors of a request with more, and says how many there were', async () => {
    const fields = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`unknown${i}`, i]));
    const problem = await problemOf(await postJson('/v1/campaigns', JSON.stringify({ ...campaign, ...fields })));
    expect(problem.errors).toHaveLength(20);
    expect(problem.errorCount).toBe(500);
    expect(problem.detail).toMatch(/and 490 more$/);
  });

  it('clips a field name of 100,000 characters in the answer', async () => {
    const response = await postJson('/v1/campaigns', JSON.stringify({ ...campaign, ['x'.repeat(100_000)]: 1 }));
    expect(response.status).toBe(400);
    expect((await response.text()).length).toBeLessThan(4_096);
  });
});

describe('bodies refused before they are read', () => {
  it('answers a declared Content-Length over the limit with 413 at once, without waiting for the body', async () => {
    const response = await raw({
      method: 'POST',
      target: '/v1/campaigns',
      headers: [['Authorization', `Bearer ${KEY}`], ['Content-Type', 'application/json']],
      body: Buffer.from('{"na'),
      declaredLength: 10_000_000_000,
    });
    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 413 to a client still sending 5 MB, which reads the answer instead of a reset connection', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await postJson('/v1/campaigns', JSON.stringify({ ...campaign, name: 'x'.repeat(5_000_000) }));
      expect(response.status).toBe(413);
      await problemOf(response);
    }
  });

  it('answers a body that stops arriving with 408 after REQUEST_TIMEOUT_MS, and closes the connection', async () => {
    const response = await raw({
      method: 'POST',
      target: '/v1/campaigns',
      headers: [['Authorization', `Bearer ${KEY}`], ['Content-Type', 'application/json']],
      body: Buffer.from('{"name":'),
      declaredLength: 100,
    });
    expect(response.status).toBe(408);
    expect(response.json).toMatchObject({ status: 408, title: 'Request Timeout' });
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'])('answers an API body of %s with 415', async (type) => {
    const response = await fetch(`${base}/v1/campaigns`, { method: 'POST', headers: { ...authorized, 'content-type': type }, body: 'name=x' });
    expect(response.status).toBe(415);
    await problemOf(response);
  });

  it.each([
    ['an invalid byte', Buffer.from([0xff])],
    ['an overlong NUL', Buffer.from([0xc0, 0x80])],
    ['an encoded surrogate', Buffer.from([0xed, 0xa0, 0x80])],
    ['a truncated sequence', Buffer.from([0xe2, 0x82])],
  ])('answers a JSON body with %s of invalid UTF-8 with 400, instead of storing U+FFFD', async (_, bytes) => {
    const body = Buffer.concat([Buffer.from('{"name":"Clinic'), bytes, Buffer.from(`","checklist":[],"hypotheses":[],"contacts":[{"phone":"+15551230001"}]}`)]);
    const response = await fetch(`${base}/v1/campaigns`, { method: 'POST', headers: { ...authorized, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ detail: 'the request body is not valid UTF-8' });
  });

  it.each(['http://[evil/webhooks/twilio/voice/status', '*', 'ftp://evil.example/v1/campaigns'])('answers the request target %s with a 400 problem', async (target) => {
    const response = await raw({ method: 'POST', target, headers: [['Content-Length', '0']] });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers a request Node cannot parse with a 400 problem', async () => {
    const response = await raw({ method: 'GARBAGE', target: '/', headers: [] });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ status: 400 });
  });
});

describe('/ops and /metrics', () => {
  it.each(['/ops/waiting', '/metrics'])('answers %s without a key 401, with an API key 403, with an operator key 200', async (path) => {
    expect((await fetch(`${base}${path}`)).status).toBe(401);
    expect((await fetch(`${base}${path}`, { headers: authorized })).status).toBe(403);
    expect((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${OPS_KEY}` } })).status).toBe(200);
  });

  it.each(['-1', '1.5', 'abc', '0', '1001', '99999999999999999999', '%00'])('answers /ops/waiting?limit=%s with 400', async (limit) => {
    const response = await fetch(`${base}/ops/waiting?limit=${limit}`, { headers: { authorization: `Bearer ${OPS_KEY}` } });
    expect(response.status).toBe(400);
    await problemOf(response);
  });
});

describe('nothing stored', () => {
  it('kept no event for any request above', async () => {
    expect((await new EventStore(ns.pool, ns.schema('gateway')).readAll({ limit: 10 })).events).toEqual([]);
  });
});

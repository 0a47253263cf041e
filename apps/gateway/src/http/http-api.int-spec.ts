import { Body, Get, type INestApplication, Module, Post } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { runMigrations } from '@switchboard/event-store';
import { CommandError } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';
import { gatewayMigrations } from '../gateway.migrations.js';
import { GatewayModule } from '../gateway.module.js';
import { ApiController } from './api-controller.decorator.js';
import type { Problem } from './problem.exception.js';

class ContactDto {
  @IsString() name!: string;
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be an E.164 number, e.g. +15551230001' }) phone!: string;
}

class EchoDto {
  @IsString() name!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ContactDto) contacts!: ContactDto[];
  /** Keeps the handler waiting until the test calls `release`. */
  @IsOptional() @IsBoolean() hold?: boolean;
}

let handled = 0;
let entered: () => void = () => undefined;
let release: () => void = () => undefined;

@ApiController('echo')
class EchoController {
  @Post()
  async create(@Body() body: EchoDto) {
    handled += 1;
    if (body.name === 'boom') throw new Error('relation "secret_table" does not exist');
    if (body.name === 'nobody') throw CommandError.notFound('contact list nobody');
    // The service may still create it: the gateway only knows the answer did not come in time.
    if (body.name === 'slow-service') throw new CommandError('TIMEOUT', 'claims.campaign.create got no answer within 5000 ms');
    if (body.hold) {
      entered();
      await new Promise<void>((resolve) => (release = resolve));
    }
    return { id: randomUUID(), ...body };
  }

  @Get()
  list() {
    return [];
  }
}

@Module({ imports: [GatewayModule], controllers: [EchoController] })
class EchoGatewayModule {}

const ns = new TestNamespace();
const KEY = 'sk-test-1';
const TWILIO_TOKEN = 'http-test-token';
const PUBLIC_URL = 'http://gateway.test';
const LIMIT = 4096;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  const env = ns.env({
    LOG_LEVEL: 'fatal',
    API_KEYS: `sk-other, ${KEY}`,
    MAX_BODY_BYTES: String(LIMIT),
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    PUBLIC_URL,
  });
  ({ app } = await createServiceApp({ ...gatewayApp, module: EchoGatewayModule }, { ...process.env, ...env }));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await ns.dispose();
});

const valid = { name: 'Ada', contacts: [{ name: 'Bob', phone: '+15551230001' }] };
const post = (body: unknown, headers: Record<string, string> = {}, path = '/v1/echo') =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const problemOf = async (response: Response) => {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Problem;
};

describe('API keys', () => {
  it('answers 401 without a bearer key, naming the scheme', async () => {
    const response = await fetch(`${base}/v1/echo`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
    expect((await fetch(`${base}/v1/echo`, { headers: { authorization: `Basic ${KEY}` } })).status).toBe(401);
  });

  it('answers 403 for a key it does not know', async () => {
    const response = await fetch(`${base}/v1/echo`, { headers: { authorization: 'Bearer sk-test-2' } });
    expect(response.status).toBe(403);
    expect(await problemOf(response)).toMatchObject({ status: 403, detail: 'the key is not one of the configured keys' });
  });

  it('admits any configured key', async () => {
    const response = await fetch(`${base}/v1/echo`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    expect((await fetch(`${base}/v1/echo`, { headers: { authorization: 'Bearer sk-other' } })).status).toBe(200);
    expect((await post(valid)).status).toBe(201);
  });

  it('leaves webhooks, /health and /docs open', async () => {
    const path = '/webhooks/twilio/voice/status';
    const params = { CallSid: `CA${'0'.repeat(32)}`, CallStatus: 'ringing' };
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${PUBLIC_URL}${path}`, params);
    const webhook = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    });
    expect(webhook.status).toBe(204);
    expect([401, 403]).not.toContain((await fetch(`${base}/health`)).status);
    expect((await fetch(`${base}/docs`)).status).toBe(200);
  });
});

describe('validation', () => {
  it('answers 400 naming every failing field by its path', async () => {
    const body = { name: 'Ada', contacts: [valid.contacts[0], { name: 'Eve', phone: '555-0100' }], colour: 'red' };
    const response = await post(body);
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ type: 'https://switchboard.dev/problems/invalid', title: 'INVALID', status: 400 });
    expect(problem.errors).toHaveLength(2);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'contacts[1].phone', messages: ['phone must be an E.164 number, e.g. +15551230001'] },
        { field: 'colour', messages: ['property colour should not exist'] },
      ]),
    );
    expect(problem.detail).toContain('contacts[1].phone');
    expect(problem.detail).toContain('colour');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await post('{"name": ');
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ status: 400, detail: 'the request body is not valid JSON' });
  });

  it('answers 413 for a body over MAX_BODY_BYTES, before reading it', async () => {
    const response = await post({ ...valid, name: 'x'.repeat(LIMIT) });
    expect(response.status).toBe(413);
    expect(await problemOf(response)).toMatchObject({ status: 413, title: 'Payload Too Large', detail: `the request body is larger than the ${LIMIT}-byte limit` });
  });
});

describe('errors', () => {
  it('answers 404 as a problem for a route that does not exist', async () => {
    const response = await fetch(`${base}/v1/nothing-here`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('answers a CommandError as the service classified it', async () => {
    const response = await post({ ...valid, name: 'nobody' });
    expect(response.status).toBe(404);
    expect(await problemOf(response)).toMatchObject({ type: 'https://switchboard.dev/problems/not-found', title: 'NOT_FOUND' });
  });

  it('answers 500 for an unexpected error without showing it', async () => {
    const response = await post({ ...valid, name: 'boom' });
    expect(response.status).toBe(500);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ status: 500, detail: 'the server failed to handle the request' });
    expect(JSON.stringify(problem)).not.toContain('secret_table');
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry with the same body, without running the handler again', async () => {
    const key = randomUUID();
    const before = handled;
    const first = await post(valid, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const created = await first.json();
    // The same body with its fields in another order is the same request.
    const retry = await post({ contacts: valid.contacts, name: valid.name }, { 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(created);
    expect(handled).toBe(before + 1);
  });

  it('runs a request again under a new key', async () => {
    const first = (await (await post(valid, { 'idempotency-key': randomUUID() })).json()) as { id: string };
    const second = (await (await post(valid, { 'idempotency-key': randomUUID() })).json()) as { id: string };
    expect(second.id).not.toBe(first.id);
  });

  it('answers 422 to the same key with a different body', async () => {
    const key = randomUUID();
    expect((await post(valid, { 'idempotency-key': key })).status).toBe(201);
    const response = await post({ ...valid, name: 'Grace' }, { 'idempotency-key': key });
    expect(response.status).toBe(422);
    expect(await problemOf(response)).toMatchObject({ type: 'https://switchboard.dev/problems/idempotency-key-reused' });
  });

  it('answers 409 to the same key while the first request is still running', async () => {
    const key = randomUUID();
    const body = { ...valid, hold: true };
    const running = new Promise<void>((resolve) => (entered = resolve));
    const first = post(body, { 'idempotency-key': key });
    await running;
    const concurrent = await post(body, { 'idempotency-key': key });
    expect(concurrent.status).toBe(409);
    expect(concurrent.headers.get('retry-after')).toBe('1');
    expect(await problemOf(concurrent)).toMatchObject({ type: 'https://switchboard.dev/problems/idempotency-key-in-use' });
    release();
    const done = await first;
    expect(done.status).toBe(201);
    const replayed = await post(body, { 'idempotency-key': key });
    expect(await replayed.json()).toEqual(await done.json());
  });

  it('forgets the key of a request that failed, so it can be retried', async () => {
    const key = randomUUID();
    const invalid = { ...valid, contacts: [{ name: 'Eve', phone: 'nope' }] };
    expect((await post(invalid, { 'idempotency-key': key })).status).toBe(400);
    expect((await post(valid, { 'idempotency-key': key })).status).toBe(201);
  });

  it('holds the key of a command that timed out, so a retry cannot run it a second time', async () => {
    const key = randomUUID();
    const body = { ...valid, name: 'slow-service' };
    const before = handled;
    const first = await post(body, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: 'OUTCOME_UNKNOWN' });
    const retry = await post(body, { 'idempotency-key': key });
    expect(retry.status).toBe(409);
    expect(await problemOf(retry)).toMatchObject({ type: 'https://switchboard.dev/problems/idempotency-key-in-use' });
    expect(handled).toBe(before + 1);
  });

  it('forgets the key of a command the service refused, so it can be retried', async () => {
    const key = randomUUID();
    expect((await post({ ...valid, name: 'nobody' }, { 'idempotency-key': key })).status).toBe(404);
    expect((await post(valid, { 'idempotency-key': key })).status).toBe(201);
  });

  it('scopes a key to the route, however its path is spelt', async () => {
    const key = randomUUID();
    const before = handled;
    expect((await post(valid, { 'idempotency-key': key })).status).toBe(201);
    for (const path of ['/v1/echo/', '/V1/Echo', '/v1/ECHO/']) {
      const again = await post(valid, { 'idempotency-key': key }, path);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(handled).toBe(before + 1);
  });

  it('keeps keys apart per API key', async () => {
    const key = randomUUID();
    expect((await post(valid, { 'idempotency-key': key })).status).toBe(201);
    const other = await post({ ...valid, name: 'Grace' }, { 'idempotency-key': key, authorization: 'Bearer sk-other' });
    expect(other.status).toBe(201);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });
});

describe('OpenAPI', () => {
  it('documents the /v1 API with bearer auth at /docs-json', async () => {
    const document = (await (await fetch(`${base}/docs-json`)).json()) as OpenAPIObject;
    expect(document.components?.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/v1/echo'].post).toMatchObject({ tags: ['echo'], security: [{ bearer: [] }] });
    expect(Object.keys(document.paths).every((path) => path.startsWith('/v1/'))).toBe(true);
  });
});

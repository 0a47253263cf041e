import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';
import { gatewayMigrations } from '../gateway.migrations.js';

// The real gateway with no service behind it: a route that passes its guard fails later (400 for
// the empty body, 503/504 for a service that is not there), which is not what is tested here.
const ns = new TestNamespace();
const KEYS = { read: 'sk-roles-read', api: 'sk-roles-api', ops: 'sk-roles-ops', admin: 'sk-roles-admin' };
let app: INestApplication;
let base: string;

interface Operation {
  method: string;
  path: string;
  role?: string;
  contentType?: string;
}
let operations: Operation[];

beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  const env = ns.env({ LOG_LEVEL: 'fatal', READ_API_KEYS: KEYS.read, API_KEYS: KEYS.api, OPS_KEYS: KEYS.ops, ADMIN_KEYS: KEYS.admin, REQUEST_TIMEOUT_MS: '2000' });
  ({ app } = await createServiceApp(gatewayApp, { ...process.env, ...env }));
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
  operations = await documentedOperations();
});
afterAll(async () => {
  await app?.close();
  await ns.dispose();
});

type Method = { parameters?: { name: string; in: string; schema?: { type?: string } }[]; requestBody?: { content: Record<string, unknown> }; 'x-switchboard-role'?: string };

/** Every operation of the OpenAPI document, its path filled with valid ids: the routes are read, never listed here. */
async function documentedOperations(): Promise<Operation[]> {
  const document = (await (await fetch(`${base}/docs-json`)).json()) as { paths: Record<string, Record<string, Method>> };
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: template.replace(/\{(\w+)\}/g, (_, name: string) =>
        operation.parameters?.find((p) => p.name === name)?.schema?.type === 'integer' ? '1' : '7d9f3b1e-4c2a-4f5e-9b8d-2a6c1e0f3d47',
      ),
      role: operation['x-switchboard-role'],
      contentType: Object.keys(operation.requestBody?.content ?? {})[0],
    })),
  );
}

/** The status `key` gets at `operation` (headers only: a live tail's stream is not read). */
async function statusOf(operation: Operation, key: string): Promise<{ status: number; detail?: string }> {
  const multipart = operation.contentType === 'multipart/form-data';
  const hasBody = operation.method !== 'GET';
  const response = await fetch(`${base}${operation.path}`, {
    method: operation.method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(hasBody && { 'content-type': multipart ? 'multipart/form-data; boundary=x' : 'application/json' }),
    },
    ...(hasBody && { body: multipart ? '--x--\r\n' : '{}' }),
    signal: AbortSignal.timeout(20_000),
  });
  const problem = response.status === 403 ? ((await response.json()) as { detail: string }) : undefined;
  if (!response.bodyUsed) await response.body?.cancel();
  return { status: response.status, detail: problem?.detail };
}

const writes = () => operations.filter((o) => o.method !== 'GET');
const reads = () => operations.filter((o) => o.method === 'GET');

describe('keys by role, over every route of the OpenAPI document', () => {
  it('documents both reads and writes', () => {
    expect(reads().length).toBeGreaterThan(10);
    expect(writes().length).toBeGreaterThan(10);
    expect(writes().filter((o) => o.role === 'operator').length).toBeGreaterThan(3);
  });

  it('refuses a read-only key on every write with 403 naming the role needed', async () => {
    for (const operation of writes()) {
      const answer = await statusOf(operation, KEYS.read);
      const role = operation.role === 'operator' ? 'operator' : 'writer';
      expect(answer, `${operation.method} ${operation.path}`).toEqual({
        status: 403,
        detail: expect.stringMatching(new RegExp(`^this needs the ${role} role, which keys of .*; this key holds reader$`)),
      });
    }
  }, 120_000);

  it('admits a read-only key, an API key and an operator key on every read', async () => {
    for (const operation of reads()) {
      for (const key of [KEYS.read, KEYS.api, KEYS.ops]) {
        expect((await statusOf(operation, key)).status, `${operation.method} ${operation.path} with ${key}`).not.toBeOneOf([401, 403]);
      }
    }
  }, 180_000);

  it("refuses an API key the console's actions and an operator key the workflows' writes; an admin key does both", async () => {
    for (const operation of writes()) {
      const operatorOnly = operation.role === 'operator';
      const refused = operatorOnly ? KEYS.api : KEYS.ops;
      const admitted = operatorOnly ? [KEYS.ops, KEYS.admin] : [KEYS.api, KEYS.admin];
      expect((await statusOf(operation, refused)).status, `${operation.method} ${operation.path}`).toBe(403);
      for (const key of admitted) expect((await statusOf(operation, key)).status, `${operation.method} ${operation.path} with ${key}`).not.toBeOneOf([401, 403]);
    }
  }, 180_000);

  it.each(['/ops/waiting', '/metrics'])("opens %s to operator and admin keys only", async (path) => {
    const get = (key: string) => statusOf({ method: 'GET', path }, key).then((a) => a.status);
    expect(await get(KEYS.read)).toBe(403);
    expect(await get(KEYS.api)).toBe(403);
    expect(await get(KEYS.ops)).toBe(200);
    expect(await get(KEYS.admin)).toBe(200);
  });

  it('tells the console page which role a key holds', async () => {
    const me = async (key: string) => (await fetch(`${base}/v1/console/audit/me`, { headers: { authorization: `Bearer ${key}` } })).json();
    expect(await me(KEYS.read)).toMatchObject({ role: 'reader', roles: ['reader'] });
    expect(await me(KEYS.api)).toMatchObject({ role: 'reader', roles: ['reader', 'writer'] });
    expect(await me(KEYS.ops)).toMatchObject({ role: 'operator', roles: ['operator', 'reader'] });
    expect(await me(KEYS.admin)).toMatchObject({ role: 'operator', roles: ['operator', 'reader', 'writer'] });
  });
});

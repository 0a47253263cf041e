import type { INestApplication } from '@nestjs/common';
import { runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayApp } from '../gateway.app.js';
import { gatewayMigrations } from '../gateway.migrations.js';

const ns = new TestNamespace();
const KEY = 'sk-headers-test';
const LISTED = 'https://console.example.com';
const apps: INestApplication[] = [];

/** A gateway with `settings`, listening on a free port; its base URL. */
async function gateway(settings: Record<string, string> = {}): Promise<string> {
  const { app } = await createServiceApp(gatewayApp, { ...process.env, ...ns.env({ LOG_LEVEL: 'fatal', API_KEYS: KEY, ...settings }) });
  apps.push(app);
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer() as { address(): AddressInfo }).address().port}`;
}

let closed: string;
let open: string;
beforeAll(async () => {
  await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('gateway'), migrations: gatewayMigrations });
  closed = await gateway();
  open = await gateway({ CORS_ORIGINS: `${LISTED}, http://localhost:5173` });
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await ns.dispose();
});

const preflight = (base: string, origin: string) =>
  fetch(`${base}/v1/campaigns`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('security headers', () => {
  it.each([
    ['a JSON answer', '/v1/console/audit/me', { authorization: `Bearer ${KEY}` }, 200],
    ['a problem', '/v1/console/runs', {}, 401],
    ['an unknown route', '/nowhere', {}, 404],
    ['the console page', '/console', {}, 200],
    ['the console script', '/console/app.js', {}, 200],
    ['/health (no service behind this gateway)', '/health', {}, 503],
  ])('are on %s', async (_what, path, headers, status) => {
    const response = await fetch(`${closed}${path}`, { headers });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'self';base-uri 'none';connect-src 'self';font-src 'self';form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('allow inline styles, never scripts, on the API docs page alone', async () => {
    const csp = (await fetch(`${closed}/docs/`)).headers.get('content-security-policy');
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
  });
});

describe('CORS', () => {
  it('is closed unless configured: no Access-Control header, even for a preflight', async () => {
    const answer = await preflight(closed, LISTED);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-methods')).toBeNull();
    const get = await fetch(`${closed}/v1/console/audit/me`, { headers: { origin: LISTED, authorization: `Bearer ${KEY}` } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('opens to the origins of CORS_ORIGINS only', async () => {
    const listed = await preflight(open, LISTED);
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe(LISTED);
    expect(listed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const get = await fetch(`${open}/v1/console/audit/me`, { headers: { origin: LISTED, authorization: `Bearer ${KEY}` } });
    expect(get.headers.get('access-control-allow-origin')).toBe(LISTED);

    const unlisted = await preflight(open, 'https://evil.example');
    expect(unlisted.headers.get('access-control-allow-origin')).toBeNull();
    const other = await fetch(`${open}/v1/console/audit/me`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${KEY}` } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a CORS_ORIGINS that is not a list of origins', async () => {
    await expect(gateway({ CORS_ORIGINS: 'https://ok.example/path' })).rejects.toThrow(/CORS_ORIGINS/);
    await expect(gateway({ CORS_ORIGINS: '*' })).rejects.toThrow(/CORS_ORIGINS/);
  });
});

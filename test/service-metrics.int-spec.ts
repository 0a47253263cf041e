import { durableMigrations, DurableTimers } from '@switchboard/durable';
import { runMigrations } from '@switchboard/event-store';
import { createServiceApp } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { claimsApp } from '../apps/claims/src/claims.app.js';

// Its own file: the metrics registry is one per process, as is a service in production.
const ns = new TestNamespace();
afterAll(() => ns.dispose());

describe('GET /metrics', () => {
  it('serves Prometheus text, with backlogs read at scrape time', async () => {
    await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('claims'), migrations: durableMigrations });
    const { app } = await createServiceApp(claimsApp, { ...process.env, ...ns.env({ LOG_LEVEL: 'fatal', OPS_KEYS: 'sk-metrics-test' }) });
    await app.listen(0, '127.0.0.1');
    try {
      await app.get(DurableTimers).every(
        { key: 'rescore-stale', streamId: 'maintenance', event: { type: 'claims.maintenance.due', version: 1, payload: {} } },
        3_600_000,
      );
      const { port } = app.getHttpServer().address() as AddressInfo;
      // A scrape sends an operator key as its bearer token; without one there is nothing to read.
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer sk-metrics-test' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      // Every service answers with the platform's security headers, not only the gateway.
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await response.text();
      expect(text).toContain('switchboard_timers_open 1');
      expect(text).toContain('# TYPE switchboard_events_appended_total counter');
      expect(text).toContain('# TYPE switchboard_handler_duration_seconds histogram');
      expect(text).toContain('# TYPE switchboard_consumer_lag gauge');
    } finally {
      await app.close();
    }
  });
});

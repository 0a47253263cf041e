import { createServiceApp } from '@switchboard/platform';
import { TestNamespace } from '@switchboard/testing';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { claimsApp } from '../apps/claims/src/claims.app.js';

// Its own file: nestjs-pino keeps one root logger per process, and this test needs a fresh one.
const ns = new TestNamespace();
afterAll(() => ns.dispose());

describe('service logs', () => {
  it('are JSON lines with the service name, and a secret in the configuration does not leak', async () => {
    const lines: Record<string, unknown>[] = [];
    const logDestination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    // Postgres "down" (nothing listens on port 1), so the health check logs its failure.
    const env = { ...process.env, ...ns.env({ LOG_LEVEL: 'log' }), DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/x' };
    const { app } = await createServiceApp(claimsApp, env, { logDestination });
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(503);
    await app.close();

    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.service === 'claims')).toBe(true);
    expect(lines.some((line) => String(line.msg).includes('Health Check has failed'))).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});

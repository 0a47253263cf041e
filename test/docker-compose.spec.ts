import { SERVICE_NAMES, SERVICE_PORTS } from '@switchboard/platform';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compiledPath } from '../scripts/build/compiled.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

// No Docker engine runs here, so the file is checked as data: the shape users rely on.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const { services } = compose;

describe('docker-compose.yml', () => {
  it('has the infrastructure and the six services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['nats', 'postgres', 'jaeger', 'migrate', ...SERVICE_NAMES]),
    );
  });

  it('runs NATS with JetStream on a data volume, with its monitoring port and a JetStream health check', () => {
    const nats = services.nats;
    expect(nats.command).toEqual(expect.arrayContaining(['--jetstream', '--http_port', '8222']));
    expect(nats.ports).toEqual(expect.arrayContaining(['4222:4222', '8222:8222']));
    expect(nats.volumes?.[0]).toMatch(/^nats-data:/);
    expect(Object.keys(compose.volumes)).toContain('nats-data');
    expect(nats.healthcheck?.test.join(' ')).toContain('healthz?js-enabled-only=true');
  });

  it('runs PostgreSQL with a readiness check and Jaeger with OTLP HTTP on 4318 and the UI on 16686', () => {
    expect(services.postgres.healthcheck?.test).toContain('pg_isready');
    expect(services.jaeger.ports).toEqual(expect.arrayContaining(['4318:4318', '16686:16686']));
    expect(services.jaeger.healthcheck).toBeDefined();
  });

  it.each(SERVICE_NAMES.map((name) => [name]))('%s runs its own compiled entry point, port and health check', (name) => {
    const service = services[name];
    const port = SERVICE_PORTS[name];
    expect(service.command?.at(-1)).toBe(compiledPath(`apps/${name}/src/main.ts`));
    expect(service.ports).toEqual([`${port}:${port}`]);
    expect(service.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${port}/health`);
    expect(service.environment?.NATS_URL).toBe('nats://nats:4222');
    expect(service.environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://jaeger:4318');
    expect(service.depends_on).toMatchObject({
      nats: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
  });

  it('points the gateway at every service by its compose name', () => {
    const env = services.gateway.environment ?? {};
    for (const name of SERVICE_NAMES.filter((n) => n !== 'gateway')) {
      expect(env[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${SERVICE_PORTS[name]}`);
    }
  });

  it('runs the provider simulator, reached by every service, and has callbacks come to the gateway by name', () => {
    expect(services.simulator.command?.at(-1)).toBe(compiledPath('libs/testing/src/simulator/main.ts'));
    for (const name of SERVICE_NAMES) {
      expect(services[name].environment).toMatchObject({ SIMULATOR_URL: 'http://simulator:4010', PUBLIC_URL: 'http://gateway:3000' });
    }
  });
});

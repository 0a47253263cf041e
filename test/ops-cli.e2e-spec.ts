import { durableMigrations, DurableTimers } from '@switchboard/durable';
import { EventStore, runMigrations } from '@switchboard/event-store';
import { JetStreamProvisioner } from '@switchboard/eventing';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ns = new TestNamespace();
const ops = (...args: string[]) =>
  spawnSync('node', ['--import', '@swc-node/register/esm-register', 'scripts/ops/main.ts', ...args], {
    env: { ...process.env, ...ns.env() },
    encoding: 'utf8',
    timeout: 30_000,
  });

beforeAll(async () => {
  for (const service of ['telephony', 'claims']) {
    await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema(service), migrations: durableMigrations });
  }
  const connection = await ns.natsConnection();
  const provisioner = new JetStreamProvisioner(await connection.jetstreamManager(), { namespace: ns.namespace });
  await provisioner.ensureDomainStream('telephony');
  await provisioner.ensureDeadLetterStream();
});
afterAll(() => ns.dispose());

describe('npm run ops', () => {
  it('trace: one workflow across services, in time order', async () => {
    const telephony = new EventStore(ns.pool, ns.schema('telephony'));
    const claims = new EventStore(ns.pool, ns.schema('claims'));
    const event = (type: string) => ({ type, version: 1, payload: {} });
    await telephony.append('call-1', [event('telephony.call.completed')], { expectedVersion: 'any', correlationId: 'corr-42' });
    await claims.append('claims-1', [event('claims.call.claims-extracted')], { expectedVersion: 'any', correlationId: 'corr-42' });
    await claims.append('claims-2', [event('claims.call.unrelated')], { expectedVersion: 'any', correlationId: 'other' });
    const { stdout, status } = ops('trace', 'corr-42');
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/telephony\s+telephony\.call\.completed\.v1\s+call-1#1/);
    expect(lines[1]).toMatch(/claims\s+claims\.call\.claims-extracted\.v1\s+claims-1#1/);
  });

  it("waiting: a service schema's timers as JSON", async () => {
    const timers = new DurableTimers(ns.pool, new EventStore(ns.pool, ns.schema('telephony')), ns.schema('telephony'));
    await timers.scheduleAfter({ key: 'check-in:patient-9', streamId: 'patient-9', event: { type: 'x', version: 1, payload: {} } }, 86_400_000);
    const { stdout, status } = ops('waiting', '--service', 'telephony', '--json');
    expect(status).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({
      service: 'telephony',
      timers: [expect.objectContaining({ key: 'check-in:patient-9', kind: 'at' })],
    });
  });

  it('waiting: a debounced key with its deadline and, from its max wait, its latest firing', async () => {
    const timers = new DurableTimers(ns.pool, new EventStore(ns.pool, ns.schema('claims')), ns.schema('claims'));
    await timers.debounce({ key: 'validate:h-9', streamId: 'hypothesis-9', event: { type: 'x', version: 1, payload: {} } }, { quietMs: 60_000, maxWaitMs: 600_000 });
    const { stdout, status } = ops('waiting', '--service', 'claims');
    expect(status).toBe(0);
    const [, fires, latest] = /debounce\s+validate:h-9\s+fires (\S+), at the latest (\S+)/.exec(stdout) ?? [];
    expect(new Date(latest).getTime() - new Date(fires).getTime()).toBeGreaterThan(500_000);
  });

  it('streams and dlq list read the namespace on NATS', () => {
    const listed = ops('streams');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`${ns.namespace.toUpperCase()}_TELEPHONY`);
    const dlq = ops('dlq', 'list');
    expect(dlq.status).toBe(0);
    expect(dlq.stdout).toContain('the dead letter queue is empty');
  });

  it('explains its usage and exits 2 on a wrong command', () => {
    const { stderr, status } = ops('frobnicate');
    expect(status).toBe(2);
    expect(stderr).toContain('usage: npm run ops -- <command>');
    expect(ops('replay').stderr).toContain('replay --consumer <name>');
    expect(ops('waiting', '--service', 'nope').stderr).toContain('unknown service nope');
  });
});

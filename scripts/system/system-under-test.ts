import { portVariable, SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import { ProviderSimulator, type SimulatorOptions, TestNamespace } from '@switchboard/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { serviceCommand } from '../build/compiled.js';
import { GatewayClient } from '../demo/gateway-client.js';
import { migrateAll } from '../migrate.js';
import { freePorts } from './free-ports.js';
import { terminate } from './terminate.js';

export const TEST_API_KEY = 'sk-e2e-test';

/**
 * The whole system as it runs in production: six service processes on the machine's NATS and
 * PostgreSQL, in a namespace of their own, with the provider simulator in this process (so a test
 * scripts callees, injects faults and reads what providers were asked). Services can be killed
 * and started again one by one.
 */
export class SystemUnderTest {
  private readonly processes = new Map<ServiceName, ChildProcess>();
  private readonly output = new Map<ServiceName, string>();

  private constructor(
    readonly ns: TestNamespace,
    readonly simulator: ProviderSimulator,
    readonly env: Record<string, string>,
    readonly gateway: GatewayClient,
    private readonly logBytes: number,
  ) {}

  /** `logBytes`: how much of each service's output `logs()` keeps (the end of it). */
  static async start(
    settings: Record<string, string> = {},
    simulatorOptions: SimulatorOptions = {},
    { logBytes = 200_000 }: { logBytes?: number } = {},
  ): Promise<SystemUnderTest> {
    const ns = new TestNamespace();
    const simulator = await ProviderSimulator.start({ callStepMs: 10, ...simulatorOptions });
    const ports = await freePorts(SERVICE_NAMES.length);
    const gatewayUrl = `http://127.0.0.1:${ports[0]}`;
    const env = {
      ...ns.env({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json' }),
      ...Object.fromEntries(SERVICE_NAMES.map((name, i) => [portVariable(name), String(ports[i])])),
      SIMULATOR_URL: simulator.baseUrl,
      PUBLIC_URL: gatewayUrl,
      API_KEYS: TEST_API_KEY,
      // Tests drive the one key far faster than a client would (the fuzzer sends thousands of
      // requests a minute): its rate limit is raised, not turned off. Its own tests set their own.
      API_RATE_LIMIT: '1000000',
      HOST: '127.0.0.1',
      ...settings,
    };
    await migrateAll(env);
    const system = new SystemUnderTest(ns, simulator, env, new GatewayClient(gatewayUrl, TEST_API_KEY), logBytes);
    const started = await Promise.allSettled(SERVICE_NAMES.map((name) => system.startService(name)));
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) {
      // Nobody else holds the system yet: leave no process running and no namespace behind.
      await system.stop();
      throw failed.reason;
    }
    return system;
  }

  async startService(name: ServiceName): Promise<void> {
    const { command, args, env } = serviceCommand(`apps/${name}/src/main.ts`, { ...process.env, ...this.env });
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const append = (chunk: Buffer) => this.output.set(name, ((this.output.get(name) ?? '') + chunk.toString()).slice(-this.logBytes));
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    this.processes.set(name, child);
    await this.waitHealthy(name);
  }

  /** SIGKILL: no drain, no goodbye, in-flight transactions roll back. */
  async kill(name: ServiceName): Promise<void> {
    const child = this.processes.get(name)!;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  async restart(name: ServiceName): Promise<void> {
    await this.kill(name);
    await this.startService(name);
  }

  /** What a service wrote (JSON log lines), for a failing test's message. */
  logs(name: ServiceName): string {
    return this.output.get(name) ?? '';
  }

  /** A minute is what the six take to boot together on a busy 2-core machine: allow three. */
  private async waitHealthy(name: ServiceName, timeoutMs = 180_000): Promise<void> {
    const url = `http://127.0.0.1:${this.env[portVariable(name)]}/health`;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.processes.get(name)?.exitCode !== null) throw new Error(`${name} exited during start-up:\n${this.logs(name)}`);
      const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${name} not healthy after ${timeoutMs} ms:\n${this.logs(name)}`);
  }

  /** A service's resident memory now, in MB (VmRSS in /proc): sampled, the most of it is a peak. */
  peakRssMb(name: ServiceName): number {
    const pid = this.processes.get(name)?.pid;
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return Number(kb ?? 0) / 1024;
    } catch {
      return 0;
    }
  }

  /** A service's process id (for the OS's accounting of it). */
  pidOf(name: ServiceName): number {
    return this.processes.get(name)!.pid!;
  }

  /** CPU time (user + system) a service's process has used so far, in seconds. */
  cpuSeconds(name: ServiceName): number {
    try {
      const stat = readFileSync(`/proc/${this.processes.get(name)?.pid}/stat`, 'utf8');
      const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
      return (utime + stime) / 100; // clock ticks: 100 per second on Linux
    } catch {
      return 0;
    }
  }

  /** Events in every service's store. */
  async countEvents(): Promise<number> {
    let total = 0;
    for (const name of SERVICE_NAMES) total += (await this.query<{ n: number }>(name, 'SELECT count(*)::int AS n FROM $schema.events'))[0].n;
    return total;
  }

  /** A query against a service's schema (`$schema` is replaced by it). */
  async query<T extends Record<string, unknown>>(service: ServiceName, sql: string, params: unknown[] = []): Promise<T[]> {
    const { rows } = await this.ns.pool.query<T>(sql.replaceAll('$schema', `"${this.ns.schema(service)}"`), params);
    return rows;
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map((child) => terminate(child)),
    );
    await this.simulator.stop();
    await this.ns.dispose();
  }
}

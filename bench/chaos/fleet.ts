import { portVariable, SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serviceCommand } from '../../scripts/build/compiled.js';
import { waitFor } from '../../scripts/infra/commands.js';
import { freePorts } from '../../scripts/system/free-ports.js';
import { terminate } from '../../scripts/system/terminate.js';
import { Front } from './front.js';

export const REPLICAS = 2;

export interface Replica {
  service: ServiceName;
  index: number;
  port: number;
  process?: ChildProcess;
  /** Set while the harness itself kills or stops the replica: any other exit is a crash. */
  expectingExit?: boolean;
}

export interface Crash {
  replica: string;
  atS: number;
  how: string;
}

const label = (replica: Replica) => `${replica.service}#${replica.index + 1}`;

/**
 * Every service twice, as compiled processes (ADR 0009) on ports of their own, each service behind
 * a Front on one port: the gateway finds the services, and the simulator the gateway, through them.
 */
export class Fleet {
  readonly replicas: Replica[];
  /** Replicas that exited on their own (restarted at once, as a supervisor would): each is a defect. */
  readonly crashes: Crash[] = [];
  private readonly startedAt = Date.now();
  private stopping = false;
  private readonly fronts: Map<ServiceName, Front>;

  private constructor(
    ports: number[],
    private readonly baseEnv: Record<string, string>,
    private readonly logDir: string,
  ) {
    this.replicas = SERVICE_NAMES.flatMap((service, s) =>
      Array.from({ length: REPLICAS }, (_, index) => ({ service, index, port: ports[SERVICE_NAMES.length + s * REPLICAS + index] })),
    );
    this.fronts = new Map(
      SERVICE_NAMES.map((service, s) => [service, new Front(ports[s], this.replicas.filter((r) => r.service === service).map((r) => r.port))]),
    );
  }

  static async create(baseEnv: Record<string, string>, logDir: string): Promise<Fleet> {
    mkdirSync(logDir, { recursive: true });
    return new Fleet(await freePorts(SERVICE_NAMES.length * (1 + REPLICAS)), baseEnv, logDir);
  }

  frontUrl(service: ServiceName): string {
    return `http://127.0.0.1:${this.fronts.get(service)!.port}`;
  }

  async start(): Promise<void> {
    await Promise.all([...this.fronts.values()].map((front) => front.start()));
    await Promise.all(this.replicas.map((replica) => this.startReplica(replica)));
  }

  labelOf = label;

  /** Spawns the replica and resolves once its /health answers 200. */
  async startReplica(replica: Replica, timeoutMs = 300_000): Promise<void> {
    const env: Record<string, string> = {
      ...process.env,
      ...this.baseEnv,
      [portVariable(replica.service)]: String(replica.port),
      ...Object.fromEntries(SERVICE_NAMES.filter((s) => s !== 'gateway').map((s) => [`${s.toUpperCase()}_URL`, this.frontUrl(s)])),
      PUBLIC_URL: this.frontUrl('gateway'),
    } as Record<string, string>;
    const log = createWriteStream(join(this.logDir, `${replica.service}-${replica.index + 1}.log`), { flags: 'a' });
    const service = serviceCommand(`apps/${replica.service}/src/main.ts`, env);
    const child = spawn(service.command, service.args, { env: service.env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Two sources into one file: neither may end it.
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    child.once('exit', (code, signal) => {
      log.end();
      if (this.stopping || replica.expectingExit || replica.process !== child) return;
      this.crashes.push({ replica: label(replica), atS: Math.round((Date.now() - this.startedAt) / 1000), how: signal ?? `exit ${code}` });
      void this.startReplica(replica).catch(() => undefined);
    });
    replica.process = child;
    replica.expectingExit = false;
    await this.waitHealthy(replica, timeoutMs);
  }

  async waitHealthy(replica: Replica, timeoutMs = 300_000): Promise<void> {
    await waitFor(
      `${label(replica)} healthy (its log: ${this.logDir})`,
      // One that exits meanwhile is started again by the exit handler: keep waiting (its log says why).
      async () => {
        return fetch(`http://127.0.0.1:${replica.port}/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
      },
      timeoutMs,
    );
  }

  /** Every replica's /health green at once. */
  async waitAllHealthy(timeoutMs = 300_000): Promise<void> {
    await Promise.all(this.replicas.map((replica) => this.waitHealthy(replica, timeoutMs)));
  }

  async kill(replica: Replica): Promise<void> {
    const child = replica.process!;
    if (child.exitCode !== null || child.signalCode !== null) return;
    replica.expectingExit = true;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  signal(replica: Replica, signal: 'SIGSTOP' | 'SIGCONT'): void {
    replica.process!.kill(signal);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.replicas.map((replica) => replica.process && terminate(replica.process)));
    await Promise.all([...this.fronts.values()].map((front) => front.stop()));
  }
}

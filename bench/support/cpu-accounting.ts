import { TEST_DATABASE_URL } from '@switchboard/testing';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import pg from 'pg';

/** The processes whose CPU the bench accounts to a system. */
export interface SystemProcesses {
  /** The system's own processes (Node): chain4's step processes, a service's process. */
  steps: number[];
  /** Processes whose PostgreSQL backends count as the system's (usually its own processes). */
  postgresClients: number[];
  /** A broker the system needs beside PostgreSQL (NATS for ours, Redis for BullMQ). */
  broker?: { name: string; comm: string };
}

const CLOCK_TICKS_PER_SECOND = 100;
const SAMPLE_EVERY_MS = 250;
const POSTGRES_PORT = Number(new URL(TEST_DATABASE_URL).port || 5432);

/** CPU seconds (user + system), from the OS accounting, over one measured stretch. */
export interface CpuUse {
  wallSeconds: number;
  node: number;
  postgres: number;
  broker: number;
  brokerName?: string;
  /** Per process (its own CPU), and the PostgreSQL backends serving each process's connections. */
  byProcess: Record<number, { own: number; postgres: number }>;
  /** The most PostgreSQL backends serving the system's processes at one sample. */
  peakBackends: number;
  /** Those backends by state and wait event (pg_stat_activity), on average over the samples. */
  backendStates: Record<string, number>;
}

interface Backend {
  pid: number;
  /** The process whose connection this backend serves. */
  client?: number;
  state: string | null;
  wait_event_type: string | null;
  wait_event: string | null;
}

/**
 * Samples /proc while a system runs: its step processes, the PostgreSQL backends serving their
 * connections (found by their sockets' ports in pg_stat_activity, so other users of the shared
 * cluster do not count) and its broker. Backends are sampled every 500 ms, so one that ends
 * between samples loses at most its last quarter second. Each sample also notes what those
 * backends are doing, to tell time on CPU from time waiting (for a lock, the WAL, the client).
 */
export class CpuAccounting {
  private readonly last = new Map<number, number>();
  private readonly clientOf = new Map<number, number>();
  private readonly baseline = new Map<number, number>();
  private peakBackends = 0;
  private samples = 0;
  private readonly states = new Map<string, number>();
  private sampling = true;
  private readonly loop: Promise<void>;
  private readonly startedAt = performance.now();

  private constructor(
    private readonly processes: SystemProcesses,
    private readonly brokerPids: number[],
    private readonly db: pg.Client,
    private backends: Backend[],
  ) {
    for (const pid of this.all()) this.baseline.set(pid, cpuSecondsOf(pid) ?? 0);
    this.loop = this.sampleUntilEnd();
  }

  static async begin(processes: SystemProcesses): Promise<CpuAccounting> {
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL, application_name: 'bench-cpu-accounting' });
    await db.connect();
    const brokerPids = processes.broker ? pidsNamed(processes.broker.comm) : [];
    return new CpuAccounting(processes, brokerPids, db, await backendsOf(db, processes.postgresClients));
  }

  async end(): Promise<CpuUse> {
    this.sampling = false;
    await this.loop;
    await this.sample();
    await this.db.end();
    const used = (pids: number[]) => pids.reduce((sum, pid) => sum + (this.last.get(pid) ?? 0) - (this.baseline.get(pid) ?? 0), 0);
    const backends = [...this.last.keys()].filter((pid) => !this.processes.steps.includes(pid) && !this.brokerPids.includes(pid));
    const byProcess: CpuUse['byProcess'] = {};
    for (const pid of this.processes.steps) byProcess[pid] = { own: used([pid]), postgres: 0 };
    for (const backend of backends) {
      const client = this.clientOf.get(backend);
      if (client !== undefined && byProcess[client]) byProcess[client].postgres += used([backend]);
    }
    return {
      wallSeconds: (performance.now() - this.startedAt) / 1000,
      node: used(this.processes.steps),
      postgres: used(backends),
      broker: used(this.brokerPids),
      brokerName: this.processes.broker?.name,
      byProcess,
      peakBackends: this.peakBackends,
      backendStates: Object.fromEntries([...this.states].map(([state, n]) => [state, n / Math.max(1, this.samples)])),
    };
  }

  private all(): number[] {
    return [...this.processes.steps, ...this.brokerPids, ...this.backends.map((backend) => backend.pid)];
  }

  private async sampleUntilEnd(): Promise<void> {
    while (this.sampling) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
      await this.sample();
    }
  }

  private async sample(): Promise<void> {
    this.backends = await backendsOf(this.db, this.processes.postgresClients);
    this.peakBackends = Math.max(this.peakBackends, this.backends.length);
    this.samples++;
    for (const backend of this.backends) if (backend.client !== undefined) this.clientOf.set(backend.pid, backend.client);
    for (const backend of this.backends) this.states.set(stateOf(backend), (this.states.get(stateOf(backend)) ?? 0) + 1);
    for (const pid of this.all()) {
      const seconds = cpuSecondsOf(pid);
      // A backend first seen now began after the baseline: all its CPU is the run's.
      if (seconds !== undefined) this.last.set(pid, seconds);
    }
  }
}

/** utime + stime of a process, or undefined once it has gone. */
export const cpuSecondsOf = (pid: number): number | undefined => statSeconds(pid, 11);

/** cutime + cstime: what a process's children (ffmpeg, say) used, counted once they have exited. */
export const childCpuSecondsOf = (pid: number): number | undefined => statSeconds(pid, 13);

/** Two consecutive clock-tick fields of /proc/<pid>/stat from `field` (counted after the name), in seconds. */
function statSeconds(pid: number, field: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [first, second] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(field, field + 2).map(Number);
    return (first + second) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function pidsNamed(comm: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** The PostgreSQL backends whose clients are these processes: matched by the clients' TCP ports. */
async function backendsOf(db: pg.Client, clients: number[]): Promise<Backend[]> {
  const ports = postgresClientPorts(clients);
  if (ports.size === 0) return [];
  const { rows } = await db.query<Backend & { client_port: number }>(
    'SELECT pid, client_port, state, wait_event_type, wait_event FROM pg_stat_activity WHERE client_port = ANY($1)',
    [[...ports.keys()]],
  );
  return rows.map(({ client_port, ...backend }) => ({ ...backend, client: ports.get(client_port) }));
}

/** `active (on CPU)`, `active: Lock/transactionid`, `idle in transaction` (waiting for its client)... */
function stateOf(backend: Backend): string {
  if (backend.state !== 'active') return backend.state ?? 'unknown';
  return backend.wait_event ? `active: ${backend.wait_event_type}/${backend.wait_event}` : 'active (on CPU)';
}

/** The local ports of these processes' connections to PostgreSQL, each with the process that holds it. */
function postgresClientPorts(pids: number[]): Map<number, number> {
  const owner = new Map(pids.flatMap((pid) => socketInodes(pid).map((inode) => [inode, pid] as const)));
  const ports = new Map<number, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, remote, inode] = [fields[1], fields[2], fields[9]];
      if (Number.parseInt(remote.split(':')[1], 16) === POSTGRES_PORT && owner.has(inode)) ports.set(Number.parseInt(local.split(':')[1], 16), owner.get(inode)!);
    }
  }
  return ports;
}

function socketInodes(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((inode): inode is string => inode !== undefined);
  } catch {
    return [];
  }
}

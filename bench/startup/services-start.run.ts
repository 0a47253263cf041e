import { portVariable, SERVICE_NAMES } from '@switchboard/platform';
import { TestNamespace } from '@switchboard/testing';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { descendants, freePorts } from '../../test/processes.js';
import { percentile, report, round } from '../support/measure.js';

// `npm start` as a person runs it, measured from outside (services-start.bench.ts says how to run it).

const RUNS = Number(process.env.RUNS ?? 3);
/** Idle means after start-up's garbage is collectable and the first consumer pulls have settled. */
const IDLE_MS = Number(process.env.IDLE_MS ?? 10_000);
const CLOCK_TICKS = 100; // per second, Linux's USER_HZ

interface RunFigures {
  /** ms from `npm start` spawning to every /health green. */
  allGreenMs: number;
  startMs: Record<string, number>;
  rssMb: Record<string, number>;
  peakMb: Record<string, number>;
}

/** Which of ours a process is, by its command line: TypeScript source or compiled output alike. */
function roleOf(pid: number): string | undefined {
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
  const service = /apps\/([a-z]+)\/src\/main\.[jt]s/.exec(cmdline)?.[1];
  if (service) return service;
  if (/simulator\/main\.[jt]s/.test(cmdline)) return 'simulator';
  if (/scripts\/start\.[jt]s/.test(cmdline)) return 'supervisor';
  if (/npm(-cli)?(\.js)? start/.test(cmdline)) return 'npm';
  return undefined;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** When a process was born, in seconds since boot (field 22 of /proc/<pid>/stat). */
function bornAt(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]) / CLOCK_TICKS;
}

const uptime = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);

async function green(port: string): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) }).then(
    (response) => response.ok,
    () => false,
  );
}

async function oneRun(): Promise<RunFigures> {
  const ns = new TestNamespace();
  const ports = (await freePorts(SERVICE_NAMES.length + 2)).map(String);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(SERVICE_NAMES.map((name, i) => [portVariable(name), ports[i]])),
    ...ns.env({ LOG_LEVEL: 'warn' }),
    SIMULATOR_PORT: ports[SERVICE_NAMES.length],
    SIMULATOR_SMTP_PORT: ports[SERVICE_NAMES.length + 1],
  };
  const spawnedAt = performance.now();
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (chunk) => (output += chunk));
  npm.stderr.on('data', (chunk) => (output += chunk));
  try {
    // Polled ourselves rather than read from the supervisor, so each service gets its own moment.
    const greenAt = new Map<string, number>();
    const deadline = Date.now() + 240_000;
    while (greenAt.size < SERVICE_NAMES.length) {
      if (Date.now() > deadline || npm.exitCode !== null) throw new Error(`system did not come up:\n${output.slice(-5_000)}`);
      // Noted when the probe that finds it green is sent: within 100 ms plus one answer of the truth.
      const at = uptime();
      await Promise.all(
        SERVICE_NAMES.filter((name) => !greenAt.has(name)).map(async (name) => {
          if (await green(ports[SERVICE_NAMES.indexOf(name)])) greenAt.set(name, at);
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const allGreenMs = performance.now() - spawnedAt;
    const pids = new Map(descendants(npm.pid!).map((pid) => [roleOf(pid), pid]));
    pids.set('npm', npm.pid!);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const roles = [...pids.keys()].filter((role): role is string => role !== undefined);
    return {
      allGreenMs,
      startMs: Object.fromEntries(SERVICE_NAMES.map((name) => [name, (greenAt.get(name)! - bornAt(pids.get(name)!)) * 1000])),
      rssMb: Object.fromEntries(roles.map((role) => [role, statusKb(pids.get(role)!, 'VmRSS') / 1024])),
      peakMb: Object.fromEntries(roles.map((role) => [role, statusKb(pids.get(role)!, 'VmHWM') / 1024])),
    };
  } finally {
    const tree = descendants(npm.pid!);
    const exited = once(npm, 'exit');
    npm.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
    for (const pid of [...tree, npm.pid!]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone, as it should be
      }
    }
    await ns.dispose();
  }
}

const median = (values: number[]) => percentile(values, 50);

/**
 * The raw limit, same run: a bare `node` process that only keeps running, its RSS after IDLE_MS and
 * the ms from its spawn to its first line on stdout. No service can weigh less or start sooner.
 */
async function bareNode(): Promise<{ rssMb: number; startMs: number }> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ['-e', "console.log('up'); setInterval(() => {}, 1 << 30)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(child.stdout, 'data');
  const startMs = performance.now() - spawnedAt;
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rssMb = statusKb(child.pid!, 'VmRSS') / 1024;
  child.kill('SIGKILL');
  return { rssMb, startMs };
}
const spread = (values: number[], digits = 0) =>
  values.length === 1 ? `${round(values[0], digits)}` : `${round(median(values), digits)} [${round(Math.min(...values), digits)}-${round(Math.max(...values), digits)}]`;

const load = loadavg().map((l) => round(l));
const runs: RunFigures[] = [];
const bare: { rssMb: number; startMs: number }[] = [];
for (let i = 0; i < RUNS; i++) {
  runs.push(await oneRun());
  bare.push(await bareNode());
}

const roles = [...SERVICE_NAMES, 'simulator', 'supervisor', 'npm'].filter((role) => role in runs[0].rssMb);
report(`npm start, ${RUNS} run(s), idle ${IDLE_MS / 1000} s after all green; load before ${load.join(' / ')}, after ${loadavg().map((l) => round(l)).join(' / ')}`, [
  ...roles.map((role) => ({
    process: role,
    'birth -> /health green (ms)': role in runs[0].startMs ? spread(runs.map((r) => r.startMs[role])) : '',
    'RSS idle (MB)': spread(runs.map((r) => r.rssMb[role])),
    'peak RSS so far (MB)': spread(runs.map((r) => r.peakMb[role])),
  })),
  {
    process: 'all',
    'birth -> /health green (ms)': `${spread(runs.map((r) => r.allGreenMs))} (npm start -> all green)`,
    'RSS idle (MB)': spread(runs.map((r) => Object.values(r.rssMb).reduce((a, b) => a + b, 0))),
    'peak RSS so far (MB)': '',
  },
  {
    process: 'raw limit: bare node',
    'birth -> /health green (ms)': `${spread(bare.map((b) => b.startMs))} (spawn -> first output)`,
    'RSS idle (MB)': spread(bare.map((b) => b.rssMb)),
    'peak RSS so far (MB)': '',
  },
]);

import { portVariable, SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import { ProviderSimulator, TestNamespace } from '@switchboard/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { serviceCommand } from '../../scripts/build/compiled.js';
import { migrateAll } from '../../scripts/migrate.js';
import { freePorts } from '../../test/processes.js';
import { report, round } from '../support/measure.js';

// service-memory.bench.ts says what this measures and how to run it.

const IDLE_MS = Number(process.env.IDLE_MS ?? 10_000);
const NODE_ARGS = (process.env.NODE_ARGS ?? '').split(' ').filter(Boolean);
const SERVICES = (process.env.SERVICES?.split(',') ?? SERVICE_NAMES) as ServiceName[];
const PROBE = join(import.meta.dirname, 'memory-probe.mjs');
const MB = 1024 * 1024;

interface Probe {
  memory: NodeJS.MemoryUsage;
  spaces: Record<string, number>;
  scripts: { cjs: number; esm: number };
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function healthy(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`service on ${port} not healthy`);
}

async function probe(child: ChildProcess, out: string): Promise<Probe> {
  child.kill('SIGUSR2');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      return JSON.parse(readFileSync(out, 'utf8')) as Probe;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no probe from ${out}`);
}

const ns = new TestNamespace();
const simulator = await ProviderSimulator.start({});
const dir = mkdtempSync(join(tmpdir(), 'service-memory-'));
const ports = await freePorts(SERVICE_NAMES.length);
const env = {
  ...process.env,
  ...ns.env({ LOG_LEVEL: 'warn' }),
  ...Object.fromEntries(SERVICE_NAMES.map((name, i) => [portVariable(name), String(ports[i])])),
  SIMULATOR_URL: simulator.baseUrl,
};
const load = loadavg().map((l) => round(l));
await migrateAll(env);
const children = new Map<ServiceName, ChildProcess>();
try {
  for (const name of SERVICES) {
    const { command, args, env: serviceEnv } = serviceCommand(`apps/${name}/src/main.ts`, env);
    const [flags, entry] = [args.slice(0, -1), args.at(-1)!];
    const child = spawn(command, [...flags, ...NODE_ARGS, '--import', PROBE, entry], {
      env: { ...serviceEnv, MEMORY_PROBE_OUT: join(dir, `${name}.json`) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.set(name, child);
  }
  await Promise.all(SERVICES.map((name) => healthy(ports[SERVICE_NAMES.indexOf(name)], children.get(name)!)));
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)']);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const rows = [];
  for (const name of SERVICES) {
    const child = children.get(name)!;
    const rss = rssMb(child.pid!);
    const { memory, spaces, scripts } = await probe(child, join(dir, `${name}.json`));
    rows.push({
      service: name,
      'RSS (MB)': round(rss),
      'heap used / total (MB)': `${round(memory.heapUsed / MB)} / ${round(memory.heapTotal / MB)}`,
      'of it young (MB)': round(spaces.new_space / MB),
      'external (MB)': round(memory.external / MB),
      'scripts CJS / ESM': `${scripts.cjs} / ${scripts.esm}`,
    });
  }
  rows.push({ service: 'raw limit: bare node', 'RSS (MB)': round(rssMb(bare.pid!)), 'heap used / total (MB)': '', 'of it young (MB)': '', 'external (MB)': '', 'scripts CJS / ESM': '' });
  bare.kill('SIGKILL');
  report(`services idle ${IDLE_MS / 1000} s after all green, NODE_ARGS '${NODE_ARGS.join(' ')}'; load before ${load.join(' / ')}, after ${loadavg().map((l) => round(l)).join(' / ')}`, rows);
} finally {
  await Promise.all([...children.values()].map(async (child) => {
    if (child.exitCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }));
  await simulator.stop();
  await ns.dispose();
  rmSync(dir, { recursive: true, force: true });
}

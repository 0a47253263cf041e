import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every command line of the project, as package.json runs it, and what its --help must mention. */
const ENTRIES: { argv: string[]; mentions: string[] }[] = [
  { argv: ['scripts/ops/main.ts'], mentions: ['<command>', 'streams', 'tail', 'replay', 'republish', 'dlq', 'trace', 'waiting'] },
  { argv: ['scripts/ops/main.ts', 'streams'], mentions: ['npm run ops -- streams'] },
  { argv: ['scripts/ops/main.ts', 'tail'], mentions: ['<subject filter>'] },
  { argv: ['scripts/ops/main.ts', 'replay'], mentions: ['--consumer <name>', '--from-seq <n>', '--since <ISO time>'] },
  { argv: ['scripts/ops/main.ts', 'republish'], mentions: ['--service <name>', '--from-position <n>'] },
  { argv: ['scripts/ops/main.ts', 'dlq'], mentions: ['list | show | redrive', '--all'] },
  { argv: ['scripts/ops/main.ts', 'trace'], mentions: ['<correlation id>'] },
  { argv: ['scripts/ops/main.ts', 'waiting'], mentions: ['--service <name>', '--json'] },
  { argv: ['scripts/start.ts'], mentions: ['npm start'] },
  { argv: ['scripts/infra.ts'], mentions: ['npm run infra'] },
  { argv: ['scripts/migrate.ts'], mentions: ['scripts/migrate.ts'] },
  { argv: ['scripts/fix-lockfile.ts'], mentions: ['npm run lock:fix'] },
  { argv: ['scripts/demo/main.ts'], mentions: ['npm run demo', 'GATEWAY_PORT'] },
  { argv: ['scripts/simulator.ts'], mentions: ['npm run simulator', 'SIMULATOR_PORT'] },
  { argv: ['bench/startup/services-start.bench.ts'], mentions: ['RUNS', 'IDLE_MS'] },
  { argv: ['bench/chain4/main.ts'], mentions: ['npm run bench:chain4', '--workflows <n>', '--only <system>'] },
  { argv: ['bench/call-batch/call-batch.bench.ts'], mentions: ['[zero | realistic]', 'CALLS'] },
  { argv: ['bench/durable/timers.bench.ts'], mentions: ['TIMERS'] },
  { argv: ['bench/eventing/hop-latency.bench.ts'], mentions: ['bench/eventing/hop-latency.bench.ts'] },
  { argv: ['bench/eventing/projection-replay.bench.ts'], mentions: ['EVENTS'] },
  { argv: ['bench/eventing/relay-throughput.bench.ts'], mentions: ['EVENTS'] },
  { argv: ['bench/eventing/store-append.bench.ts'], mentions: ['bench/eventing/store-append.bench.ts'] },
  { argv: ['scripts/score/main.ts'], mentions: ['npm run score', '<file>', '--gold-model <model>', '--mapping'] },
  { argv: ['bench/call-scoring/call-scoring.bench.ts'], mentions: ['npm run bench:call-scoring', 'CALLS', 'GOLD_MS'] },
];
const CLIS = ENTRIES.map((entry) => ({ ...entry, name: entry.argv.join(' ') }));

// Nothing may get as far as a server: if one tried, it would fail on these instead of using the real ones.
const UNREACHABLE = { NATS_URL: 'nats://127.0.0.1:1', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', GATEWAY_PORT: '1' };

function run(argv: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn('node', ['--import', '@swc-node/register/esm-register', ...argv], {
    env: { ...process.env, ...UNREACHABLE },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 90_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

// A static import (not `import type`, not `await import()`): what ESM loads, and swc compiles, before the entry's first line runs.
const STATIC_IMPORT = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;

/** The packages an entry loads before cli() can answer: its static imports, and theirs, that are not node: built-ins. */
function packagesBeforeCli(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  return [...readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)].flatMap(([, specifier]) => {
    if (specifier.startsWith('node:')) return [];
    if (!specifier.startsWith('.')) return [`${file} imports ${specifier}`];
    return packagesBeforeCli(join(dirname(file), specifier.replace(/\.js$/, '.ts')), seen);
  });
}

// Loading the libraries an entry works with takes seconds of CPU: --help and a mistake must not wait for it.
it.each([...new Set(ENTRIES.map(({ argv }) => argv[0]))])('%s reads its arguments before it loads any package', (entry) => {
  expect(packagesBeforeCli(entry)).toEqual([]);
});

// Each child takes about a second (most of it @swc-node/register starting); these run side by side.
describe.concurrent('every CLI', () => {
  // -h is the same path through the helper (cli-args.spec.ts): one child each is what costs.
  it.each(CLIS)('$name answers --help with its usage on stdout, exit 0', async ({ argv, mentions }) => {
    const { status, stdout, stderr } = await run([...argv, '--help']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout).toMatch(/^usage: /);
    for (const mention of [...mentions, '--help']) expect(stdout).toContain(mention);
  }, 120_000);

  it.each(CLIS)('$name refuses an unknown option in one line on stderr, exit 2', async ({ argv }) => {
    const { status, stdout, stderr } = await run([...argv, '--no-such-option']);
    expect({ status, stdout }).toEqual({ status: 2, stdout: '' });
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain("unknown option '--no-such-option'");
    expect(stderr).toContain('run with --help');
    expect(stderr).not.toMatch(/^\s+at /m);
  }, 120_000);
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cli } from './cli/cli-args.js';

cli({
  command: 'npm start',
  summary:
    'The whole system: makes sure NATS and PostgreSQL answer, migrates, runs the six services (and the provider\n' +
    'simulator when no provider keys are set), restarts one that exits, and waits until every /health is green.\n' +
    'Ctrl-C or SIGTERM stops them all.',
  options: {},
  notes: ['Configured by environment variables (NATS_URL, DATABASE_URL, SWITCHBOARD_NAMESPACE, GATEWAY_PORT, ...): see the README.'],
});

const [{ compiledEntry }, { ensureInfrastructure, InfrastructureError }, { Supervisor }, { systemProcesses }, { servicePort, usesSimulator, waitUntilHealthy }] =
  await Promise.all([
    import('./build/compiled.js'),
    import('./infra/ensure-infrastructure.js'),
    import('./start/supervisor.js'),
    import('./start/system-processes.js'),
    import('./system/services.js'),
  ]);

/**
 * In a process of its own (it says what it did or why it failed): this one lives as long as the
 * system, and would keep TypeORM and every service's migrations loaded for nothing.
 */
async function migrate(): Promise<void> {
  const [code] = await once(spawn(process.execPath, compiledEntry('scripts/migrate.ts'), { stdio: 'inherit' }), 'exit');
  if (code !== 0) process.exit(1);
}

try {
  await ensureInfrastructure();
} catch (error) {
  console.error(error instanceof InfrastructureError ? error.message : error);
  process.exit(1);
}
await migrate();

// A service that exits is restarted (with backoff) and the others go on; only a stop we were asked
// for (Ctrl-C, SIGTERM) ends them all, and that is a clean exit.
const supervisor = new Supervisor(systemProcesses());
let stopping: Promise<void> | undefined;
const stop = () => (stopping ??= supervisor.stop());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
supervisor.start();

try {
  // Seven node processes starting at once take a while on a busy 2-core machine.
  await waitUntilHealthy(process.env, 180_000);
  const simulator = usesSimulator() ? `; provider simulator on http://127.0.0.1:${process.env.SIMULATOR_PORT || 4010}` : '';
  console.log(`\nSwitchboard is up: http://127.0.0.1:${servicePort('gateway')}${simulator}  (Ctrl-C stops everything)\n`);
} catch (error) {
  if (!stopping) {
    console.error(`\nSwitchboard did not start: ${(error as Error).message}`);
    process.exitCode = 1;
  }
  await stop();
}

import { ensureInfrastructure, InfrastructureError } from './infra/ensure-infrastructure.js';
import { migrateAll } from './migrate.js';
import { Supervisor } from './start/supervisor.js';
import { systemProcesses } from './start/system-processes.js';
import { servicePort, usesSimulator, waitUntilHealthy } from './system/services.js';

try {
  await ensureInfrastructure();
  await migrateAll();
  console.log('[migrate] every service schema is up to date');
} catch (error) {
  console.error(error instanceof InfrastructureError ? error.message : error);
  process.exit(1);
}

// A service that exits is restarted (with backoff) and the others go on; only a stop we were asked
// for (Ctrl-C, SIGTERM) ends them all, and that is a clean exit.
const supervisor = new Supervisor(systemProcesses());
let stopping: Promise<void> | undefined;
const stop = () => (stopping ??= supervisor.stop());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
supervisor.start();

try {
  // Seven node processes compiling TypeScript at once take a minute on a busy 2-core machine.
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

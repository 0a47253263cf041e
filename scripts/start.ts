import { ensureInfrastructure, InfrastructureError } from './infra/ensure-infrastructure.js';
import { migrateAll } from './migrate.js';
import { servicePort, startServices, usesSimulator, waitUntilHealthy } from './system/services.js';

try {
  await ensureInfrastructure();
  await migrateAll();
  console.log('[migrate] every service schema is up to date');
} catch (error) {
  console.error(error instanceof InfrastructureError ? error.message : error);
  process.exit(1);
}

// A stop we were asked for (Ctrl-C, SIGTERM) is a clean exit, whatever signal the services died of.
let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (stopRequested = true));

const system = startServices();
const exited = system.result.then(
  () => 0,
  () => 1,
);

try {
  await Promise.race([waitUntilHealthy(), exited.then(() => Promise.reject(new Error('a service exited')))]);
  const simulator = usesSimulator() ? `; provider simulator on http://127.0.0.1:${process.env.SIMULATOR_PORT || 4010}` : '';
  console.log(`\nSwitchboard is up: http://127.0.0.1:${servicePort('gateway')}${simulator}  (Ctrl-C stops everything)\n`);
} catch (error) {
  console.error(`\nSwitchboard did not start: ${(error as Error).message}`);
  for (const command of system.commands) command.kill('SIGTERM');
}

process.exitCode = (await exited) && !stopRequested ? 1 : 0;

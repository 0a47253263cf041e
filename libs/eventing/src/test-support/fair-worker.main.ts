import 'reflect-metadata';
import { startFairWorker } from './fair-worker.app.js';

// The fairness worker as its own process, for the tests that SIGKILL it.
const app = await startFairWorker({
  namespace: process.env.SWITCHBOARD_NAMESPACE!,
  databaseUrl: process.env.DATABASE_URL!,
  natsUrl: process.env.NATS_URL!,
});
console.log('worker ready');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

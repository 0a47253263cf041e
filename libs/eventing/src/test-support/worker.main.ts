import 'reflect-metadata';
import { startWorker } from './worker.app.js';

// A worker as its own process, for the tests that SIGKILL it.
const { app, runtime } = await startWorker({
  namespace: process.env.SWITCHBOARD_NAMESPACE!,
  databaseUrl: process.env.DATABASE_URL!,
  natsUrl: process.env.NATS_URL!,
});
console.log('worker ready');
setInterval(() => console.log(`relay leader=${runtime.outboxRelay?.isLeader ?? false}`), 200).unref();
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));

import { cli } from '../../scripts/cli/cli-args.js';

/** A sheet of calls scored through the whole system at the simulated model latencies and the default caps. */
const spec = {
  command: 'npm run bench:call-scoring --',
  summary: 'A 250-call sheet uploaded, triaged (silver 0.5 s) and scored (gold 3 s) to COMPLETED, the six services as processes; then the same sheet again (all cache hits).',
  options: {},
  notes: ['environment: CALLS (default 250), SILVER_MS (default 500), GOLD_MS (default 3000), NATS_URL, DATABASE_URL'],
};
cli(spec);
const { run } = await import('./call-scoring.run.js');
await run();
process.exit(0);

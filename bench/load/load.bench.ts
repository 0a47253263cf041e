import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary:
    "Load and overload of the gateway as deployed (six service processes, provider simulator): mixed reads and writes at a stated rate (half of what a short calibration sustains) for 60 s, five times that rate for 60 s (429/503 with Retry-After, timeouts, the gateway's pid), then the stated rate again; beside autocannon against a bare node:http server and the gateway's /health, and the per-request cost of the rate-limit store.",
  arguments: [],
  notes: ['environment: PHASE_SECONDS (default 60), CALIBRATE_SECONDS (default 15), NATS_URL, DATABASE_URL'],
});
const { run } = await import('./load.run.js');
await run();
process.exit(0);

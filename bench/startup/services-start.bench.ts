import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary:
    '`npm start` as a person runs it, measured from outside: each service from its birth to a green /health, and the\n' +
    'memory each process holds once the system idles, beside a bare node process (the raw limit); medians of RUNS runs.',
  notes: ['environment: RUNS (default 3), IDLE_MS (default 10000), NATS_URL, DATABASE_URL', 'example: RUNS=1 IDLE_MS=5000 npm run bench:startup'],
});

await import('./services-start.run.js');

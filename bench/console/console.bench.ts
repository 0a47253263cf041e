import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary:
    'Ops console at scale: server time (p50/p99) of the runs page (first page, filtered, searched, deep page) and of a run detail over a read model seeded with RUNS runs / EVENTS events, beside the bare SQL; and the delay from an event published to the live tail showing it.',
  notes: ['environment: RUNS (default 100000), EVENTS (default 1000000), REQUESTS (default 200 per figure), DATABASE_URL, NATS_URL'],
});

await import('./console.run.js');

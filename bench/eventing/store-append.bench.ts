import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary: 'Event store appends (1 and 8 writers, batches) beside raw PostgreSQL inserts in the same run.',
  notes: ['environment: DATABASE_URL'],
});

await import('./store-append.run.js');

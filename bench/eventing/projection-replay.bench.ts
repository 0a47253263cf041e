import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary: 'Rebuilding a projection from the event store, beside a raw keyset read of the same rows.',
  notes: ['environment: EVENTS (default 1000000), DATABASE_URL'],
});

await import('./projection-replay.run.js');

import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary: 'Durable timers, all due at the same instant: scheduling beside raw single-row inserts, firing lateness, rate limiter decisions.',
  notes: ['environment: TIMERS (default 10000), DATABASE_URL'],
});

await import('./timers.run.js');

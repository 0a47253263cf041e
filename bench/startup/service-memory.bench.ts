import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary:
    'What each service holds at idle, measured from inside as well as out: the six compiled services started\n' +
    'together as the supervisor starts them, then, IDLE_MS after all are green, RSS beside V8 heap used and\n' +
    'total and the scripts (CommonJS, ESM) each compiled; a bare node beside them (the raw limit). For weighing\n' +
    'one memory lever against another: NODE_ARGS are added to the services\' node arguments, and the environment\n' +
    'is theirs (e.g. MALLOC_ARENA_MAX=2).',
  notes: ['environment: IDLE_MS (default 10000), NODE_ARGS, SERVICES (comma-separated, default all six), NATS_URL, DATABASE_URL', 'example: NODE_ARGS=--max-semi-space-size=8 npm run bench:service-memory'],
});

await import('./service-memory.run.js');

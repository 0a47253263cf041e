import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary: 'Outbox relay throughput beside raw pipelined JetStream publishes of the same messages.',
  notes: ['environment: EVENTS (default 20000), NATS_URL, DATABASE_URL'],
});

await import('./relay-throughput.run.js');

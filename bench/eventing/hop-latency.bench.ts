import { benchCli } from '../support/bench-cli.js';

benchCli({
  summary: 'Hop latency, append in service A to handler start in service B (separate processes), idle and under load, beside a raw JetStream hop.',
  notes: ['environment: NATS_URL, DATABASE_URL'],
});

await import('./hop-latency.run.js');

import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventStore, PostgresModule, runMigrations } from '@switchboard/event-store';
import { EventingModule, NatsModule, names, startEventing } from '@switchboard/eventing';
import { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from '@switchboard/testing';
import { spawn } from 'node:child_process';
import { AckPolicy } from 'nats';
import { percentile, report, round } from '../support/measure.js';
import { ping, pingRegistry, wallClockMs } from './hop-ping.js';

const SAMPLES = 300;
const ns = new TestNamespace();
const schema = ns.schema('hop');
await runMigrations({ url: TEST_DATABASE_URL, schema });
await runMigrations({ url: TEST_DATABASE_URL, schema: ns.schema('hopb') });
const registry = pingRegistry();
const store = new EventStore(ns.pool, schema, registry, 'bench');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Service B: a separate process, as in production.
const receiver = spawn('node', ['--import', '@swc-node/register/esm-register', 'bench/eventing/hop-receiver.ts'], {
  env: { ...process.env, NAMESPACE: ns.namespace, DATABASE_URL: TEST_DATABASE_URL, NATS_URL: TEST_NATS_URL },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let received = '';
receiver.stdout.on('data', (chunk) => (received += chunk));
while (!received.includes('ready')) await sleep(50);

// Service A: appends, and its outbox relay publishes.
@Module({
  imports: [
    NatsModule.forRoot({ url: TEST_NATS_URL, name: 'bench-hop-a' }),
    PostgresModule.forRoot({ url: TEST_DATABASE_URL, applicationName: 'bench-hop-a' }),
    EventingModule.forService({ service: 'bench', domain: 'bench', namespace: ns.namespace, schema, databaseUrl: TEST_DATABASE_URL, registry }),
  ],
})
class SenderModule {}
const app = await NestFactory.create(SenderModule, { logger: ['error'] });
await startEventing(app, { wait: true });

async function probe(kind: string) {
  for (let i = 0; i < SAMPLES; i++) {
    await store.append(`ping-${kind}-${i}`, [ping.create({ probe: kind, sentAt: wallClockMs() })], { expectedVersion: 'no_stream' });
    await sleep(10);
  }
}
await probe('warmup');
await probe('unloaded');
// Under load: batches of 10 every 10 ms (~1,000 events/s) appended while probing.
let loading = true;
const load = (async () => {
  for (let i = 0; loading; i++) {
    await store.append(`load-${i}`, Array.from({ length: 10 }, () => ping.create({ probe: 'load', sentAt: wallClockMs() })), {
      expectedVersion: 'no_stream',
    });
    await sleep(10);
  }
})();
await probe('loaded');
loading = false;
await load;
await sleep(1_000);
const exited = new Promise((resolve) => receiver.once('exit', resolve));
receiver.kill('SIGTERM');
await exited;
await app.close();
const latencies = JSON.parse(received.slice(received.indexOf('{'))) as Record<string, number[]>;

// Raw limit: one JetStream publish to a pull consumer, same process, no PostgreSQL.
const connection = await ns.natsConnection();
const jsm = await connection.jetstreamManager();
const stream = `${ns.namespace.toUpperCase()}_RAWHOP`;
await jsm.streams.add({ name: stream, subjects: [names.wireSubject(ns.namespace, 'rawhop.>')] });
await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit });
const raw: number[] = [];
const messages = await (await connection.jetstream().consumers.get(stream, 'raw')).consume({ max_messages: 32 });
void (async () => {
  for await (const message of messages) {
    raw.push(wallClockMs() - message.json<{ sentAt: number }>().sentAt);
    message.ack();
  }
})();
for (let i = 0; i < SAMPLES; i++) {
  await connection.jetstream().publish(names.wireSubject(ns.namespace, 'rawhop.x'), JSON.stringify({ sentAt: wallClockMs() }));
  await sleep(10);
}
while (raw.length < SAMPLES) await sleep(20);
await messages.close();

const row = (path: string, values: number[] = []) => ({
  path,
  probes: values.length,
  'p50 ms': round(percentile(values, 50)),
  'p99 ms': round(percentile(values, 99)),
});
report('Hop latency: append in service A -> handler start in service B (separate processes)', [
  row('raw: JetStream publish -> pull consumer', raw),
  row('append -> NOTIFY -> relay -> JetStream -> inbox tx -> handler (unloaded)', latencies.unloaded),
  row('same, under ~1,000 events/s background appends', latencies.loaded),
]);
await ns.dispose();

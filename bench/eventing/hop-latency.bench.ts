import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { defineEvent, type EventEnvelope, EventRegistry } from '@switchboard/contracts';
import { EventStore, PostgresModule, runMigrations } from '@switchboard/event-store';
import { EventingModule, EventingRuntime, NatsModule, names, OnEvent } from '@switchboard/eventing';
import { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from '@switchboard/testing';
import { IsNumber, IsString } from 'class-validator';
import { AckPolicy } from 'nats';
import { percentile, report, round } from '../support/measure.js';

class Ping {
  @IsString() probe: string;
  @IsNumber() sentAt: number;
}
const ping = defineEvent({ domain: 'bench', aggregate: 'ping', event: 'sent', version: 1, payload: Ping });
const now = () => performance.timeOrigin + performance.now();
const SAMPLES = 300;

const ns = new TestNamespace();
const schema = ns.schema('hop');
await runMigrations({ url: TEST_DATABASE_URL, schema });
const registry = new EventRegistry().register(ping);
const store = new EventStore(ns.pool, schema, registry, 'bench');
const latencies: Record<string, number[]> = { unloaded: [], loaded: [] };

/** Service B: its handler notes when each probe arrived. */
@Controller()
class Receiver {
  @OnEvent(ping, { durable: 'bench-receiver', concurrency: 32, ordered: false })
  async onPing(@Payload() event: EventEnvelope<Ping>) {
    if (event.payload.probe !== 'load') latencies[event.payload.probe].push(now() - event.payload.sentAt);
  }
}

@Module({
  imports: [
    NatsModule.forRoot({ url: TEST_NATS_URL, name: 'bench-hop' }),
    PostgresModule.forRoot({ url: TEST_DATABASE_URL, applicationName: 'bench-hop', max: 20 }),
    EventingModule.forService({
      service: 'bench',
      domain: 'bench',
      namespace: ns.namespace,
      schema,
      databaseUrl: TEST_DATABASE_URL,
      registry,
    }),
  ],
  controllers: [Receiver],
})
class HopModule {}

const app = await NestFactory.create(HopModule, { logger: ['error'] });
const runtime = app.get(EventingRuntime);
app.connectMicroservice({ strategy: runtime.transport });
await app.startAllMicroservices();
await app.init();
await runtime.ready;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function probe(kind: 'unloaded' | 'loaded') {
  for (let i = 0; i < SAMPLES; i++) {
    await store.append(`ping-${kind}-${i}`, [ping.create({ probe: kind, sentAt: now() })], { expectedVersion: 'no_stream' });
    await sleep(10);
  }
  while (latencies[kind].length < SAMPLES) await sleep(20);
}

await probe('unloaded');
// Under load: a steady background of appends (batches of 10 every 10 ms, ~1000 events/s) while probing.
let loading = true;
const load = (async () => {
  for (let i = 0; loading; i++) {
    await store.append(`load-${i}`, Array.from({ length: 10 }, () => ping.create({ probe: 'load', sentAt: now() })), {
      expectedVersion: 'no_stream',
    });
    await sleep(10);
  }
})();
await probe('loaded');
loading = false;
await load;
await app.close();

// Raw limit: one JetStream publish to a pull consumer's callback, same process, no Postgres.
const connection = await ns.natsConnection();
const jsm = await connection.jetstreamManager();
const stream = `${ns.namespace.toUpperCase()}_RAWHOP`;
await jsm.streams.add({ name: stream, subjects: [names.wireSubject(ns.namespace, 'rawhop.>')] });
await jsm.consumers.add(stream, { durable_name: 'raw', ack_policy: AckPolicy.Explicit });
const raw: number[] = [];
const messages = await (await connection.jetstream().consumers.get(stream, 'raw')).consume({ max_messages: 32 });
void (async () => {
  for await (const message of messages) {
    raw.push(now() - message.json<{ sentAt: number }>().sentAt);
    message.ack();
  }
})();
for (let i = 0; i < SAMPLES; i++) {
  await connection.jetstream().publish(names.wireSubject(ns.namespace, 'rawhop.x'), JSON.stringify({ sentAt: now() }));
  await sleep(10);
}
while (raw.length < SAMPLES) await sleep(20);
await messages.close();

const row = (path: string, values: number[]) => ({
  path,
  'p50 ms': round(percentile(values, 50)),
  'p99 ms': round(percentile(values, 99)),
});
report(`Hop latency, ${SAMPLES} probes each: append in A -> handler start in B`, [
  row('raw: JetStream publish -> pull consumer', raw),
  row('store append -> relay -> JetStream -> handler (unloaded)', latencies.unloaded),
  row('same, under ~1000 events/s background load', latencies.loaded),
]);
await ns.dispose();

import 'reflect-metadata';
import { defineEvent, EventRegistry } from '@switchboard/contracts';
import { CheckpointStore, EventStore, runMigrations } from '@switchboard/event-store';
import { JetStreamProvisioner, names, OutboxRelay } from '@switchboard/eventing';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import { IsInt } from 'class-validator';
import { perSecond, report, timed } from '../support/measure.js';

class Tick {
  @IsInt() n: number;
}
const tick = defineEvent({ domain: 'bench', aggregate: 'counter', event: 'ticked', version: 1, payload: Tick });
const TOTAL = Number(process.env.EVENTS ?? 20_000);
const BATCH = 500;

const ns = new TestNamespace();
const schema = ns.schema('relay');
await runMigrations({ url: TEST_DATABASE_URL, schema });
const store = new EventStore(ns.pool, schema, new EventRegistry().register(tick), 'bench');
for (let i = 0; i < TOTAL / 1_000; i++) {
  await store.append(`counter-${i}`, Array.from({ length: 1_000 }, (_, n) => tick.create({ n })), { expectedVersion: 'any' });
}

const connection = await ns.natsConnection();
const js = connection.jetstream();
const provisioner = new JetStreamProvisioner(await connection.jetstreamManager(), { namespace: ns.namespace });

// Raw limit: the same number of messages, same size, pipelined in batches of 500 with msg ids.
await provisioner.ensureDomainStream('raw');
const body = JSON.stringify((await store.readAll({ limit: 1 })).events[0]);
const raw = await timed(async () => {
  for (let sent = 0; sent < TOTAL; sent += BATCH) {
    await Promise.all(
      Array.from({ length: BATCH }, (_, i) =>
        js.publish(names.wireSubject(ns.namespace, 'raw.x.y.v1'), body, { msgID: `raw-${sent + i}` }),
      ),
    );
  }
});

const relay = new OutboxRelay(store, new CheckpointStore(ns.pool, schema), js, provisioner, {
  namespace: ns.namespace,
  domain: 'bench',
  schema,
  databaseUrl: TEST_DATABASE_URL,
  batchSize: BATCH,
});
const ours = await timed(async () => {
  relay.start();
  while (relay.publishedCount < TOTAL) await new Promise((resolve) => setTimeout(resolve, 5));
});
await relay.stop();

report(`Outbox relay vs raw JetStream pipelined publish, ${TOTAL} events`, [
  { path: 'raw js.publish, 500 in flight', 'msg/s': perSecond(TOTAL, raw.ms) },
  { path: 'relay: read store + publish + checkpoint', 'msg/s': perSecond(TOTAL, ours.ms) },
  { path: 'ratio', 'msg/s': (raw.ms / ours.ms).toFixed(2) },
]);
await ns.dispose();

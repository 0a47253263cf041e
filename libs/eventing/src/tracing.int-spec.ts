import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTracing } from '@switchboard/telemetry';
import { Controller, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { durableMigrations } from '@switchboard/durable';
import { PostgresModule, runMigrations } from '@switchboard/event-store';
import { TEST_DATABASE_URL, TEST_NATS_URL } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatsModule } from './connection/nats.module.js';
import { EventingModule } from './module/eventing.module.js';
import { startEventing } from './module/start-eventing.js';
import { itemAdded, workerRegistry } from './test-support/worker.events.js';
import { OnEvent } from './transport/handler.decorators.js';
import { CommandBus } from './commands/command-bus.js';
import { NatsClient } from './connection/nats-client.js';
import { startWorker } from './test-support/worker.app.js';
import { WorkerFixture } from './test-support/worker.fixture.js';

// Its own file: the OpenTelemetry SDK registers itself once per process.
const exporter = new InMemorySpanExporter();
const sdk = startTracing({ service: 'worker', spanProcessors: [new SimpleSpanProcessor(exporter)] })!;
const fixture = new WorkerFixture();
let app: Awaited<ReturnType<typeof startWorker>>['app'];
let auditor: INestApplication;
let bus: CommandBus;

/** A second service with its own schema and durable consumer of the same event. */
@Controller()
class AuditHandlers {
  @OnEvent(itemAdded, { durable: 'auditor-items' })
  async onItemAdded(): Promise<void> {}
}

beforeAll(async () => {
  await fixture.prepare();
  ({ app } = await startWorker(fixture.settings));
  bus = new CommandBus(app.get(NatsClient), fixture.ns.namespace);
  const schema = fixture.ns.schema('auditor');
  await runMigrations({ url: TEST_DATABASE_URL, schema, migrations: durableMigrations });
  @Module({
    imports: [
      NatsModule.forRoot({ url: TEST_NATS_URL, name: 'auditor' }),
      PostgresModule.forRoot({ url: TEST_DATABASE_URL, applicationName: 'auditor' }),
      EventingModule.forService({
        service: 'auditor',
        domain: 'audit',
        namespace: fixture.ns.namespace,
        schema,
        databaseUrl: TEST_DATABASE_URL,
        registry: workerRegistry(),
      }),
    ],
    controllers: [AuditHandlers],
  })
  class AuditorModule {}
  auditor = await NestFactory.create(AuditorModule, { logger: ['error'] });
  await startEventing(auditor, { wait: true });
});
afterAll(async () => {
  await auditor.close();
  await app.close();
  await sdk.shutdown();
  await fixture.ns.dispose();
});

/** A request to the gateway, as the root of the trace. */
async function request(itemId: string, behaviour?: 'fail-once'): Promise<string> {
  return trace.getTracer('test').startActiveSpan('POST /v1/items', async (root) => {
    await bus.execute('test.item.add', { itemId, behaviour });
    root.end();
    return root.spanContext().traceId;
  });
}

const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);

describe('one trace per workflow', () => {
  it('follows a request to a service (command, append) and on to the handlers of two services', async () => {
    const traceId = await request('traced');
    await expect
      .poll(() => spansOf(traceId).map((span) => span.name), { timeout: 10_000 })
      .toEqual(expect.arrayContaining(['POST /v1/items', 'send test.item.add', 'receive test.item.add', 'publish test.item.added.v1', 'process test.item.added.v1']));

    const byName = Object.fromEntries(spansOf(traceId).map((span) => [span.name, span]));
    const parentOf = (name: string) => byName[name].parentSpanContext?.spanId;
    expect(parentOf('receive test.item.add')).toBe(byName['send test.item.add'].spanContext().spanId);
    expect(parentOf('process test.item.added.v1')).toBe(byName['publish test.item.added.v1'].spanContext().spanId);
    await expect
      .poll(() => spansOf(traceId).filter((span) => span.name === 'process test.item.added.v1').length, { timeout: 10_000 })
      .toBe(2);
    const groups = spansOf(traceId)
      .filter((span) => span.name === 'process test.item.added.v1')
      .map((span) => span.attributes['messaging.consumer.group.name'])
      .sort();
    expect(groups).toEqual([`${fixture.ns.namespace}_auditor-items`, `${fixture.ns.namespace}_worker-effects`]);
    expect(byName['process test.item.added.v1'].attributes).toMatchObject({
      'messaging.system': 'nats',
      'messaging.nats.delivery_count': 1,
    });
    const [stored] = await fixture.store.readStream('item-traced');
    expect(stored.traceparent).toContain(traceId);
  });

  it('shows a retry as another processing span of the same trace', async () => {
    const traceId = await request('traced-retry', 'fail-once');
    const worker = `${fixture.ns.namespace}_worker-effects`;
    const deliveries = () =>
      spansOf(traceId).filter(
        (span) => span.name === 'process test.item.added.v1' && span.attributes['messaging.consumer.group.name'] === worker,
      );
    await expect.poll(() => deliveries().length, { timeout: 10_000 }).toBe(2);
    expect(deliveries().map((span) => [span.attributes['messaging.nats.delivery_count'], span.status.code]).sort()).toEqual([
      [1, 2],
      [2, 0],
    ]);
  });
});

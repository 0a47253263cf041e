import type { INestApplication } from '@nestjs/common';
import { type EventEnvelope, newEventId } from '@switchboard/contracts';
import { runMigrations } from '@switchboard/event-store';
import { JetStreamProvisioner, names } from '@switchboard/eventing';
import { createServiceApp } from '@switchboard/platform';
import { TEST_DATABASE_URL, TestNamespace } from '@switchboard/testing';
import type { NatsConnection } from 'nats';
import type { AddressInfo } from 'node:net';
import { gatewayApp } from '../gateway.app.js';
import { GatewayConfig } from '../gateway.config.js';
import { gatewayMigrations } from '../gateway.migrations.js';

export const READER = 'sk-console-reader';
export const OPERATOR = 'sk-console-operator';

/**
 * A gateway on real NATS and PostgreSQL for the console's API tests: a read-only and an operator
 * key, and events published as the services' outbox relays publish them. No other service runs:
 * the gateway's own ops API stands in for the research service's.
 */
export class ConsoleGateway {
  readonly ns = new TestNamespace();
  app!: INestApplication;
  base!: string;
  nats!: NatsConnection;

  async start(): Promise<void> {
    await runMigrations({ url: TEST_DATABASE_URL, schema: this.ns.schema('gateway'), migrations: gatewayMigrations });
    const env = this.ns.env({ LOG_LEVEL: 'fatal', API_KEYS: READER, OPS_KEYS: OPERATOR, JAEGER_URL: 'http://jaeger.test:16686' });
    ({ app: this.app } = await createServiceApp(gatewayApp, { ...process.env, ...env }));
    await this.app.listen(0, '127.0.0.1');
    this.base = `http://127.0.0.1:${(this.app.getHttpServer().address() as AddressInfo).port}`;
    // Known once it listens: what the gateway asks of "research" (its /ops), it asks of itself.
    this.app.get(GatewayConfig).RESEARCH_URL = this.base;
    this.nats = await this.ns.natsConnection();
    const provisioner = new JetStreamProvisioner(await this.nats.jetstreamManager(), { namespace: this.ns.namespace });
    await Promise.all(['claims', 'telephony'].map((domain) => provisioner.ensureDomainStream(domain)));
    await provisioner.ensureDeadLetterStream();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.ns.dispose();
  }

  async get(path: string, key = READER) {
    const response = await fetch(`${this.base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text() };
  }

  async post(path: string, body: object, key = OPERATOR) {
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  /** An event of run `runId` as a service's outbox relay publishes it. */
  async publish(type: string, payload: object, runId: string, extra: Partial<EventEnvelope> = {}): Promise<EventEnvelope> {
    const event: EventEnvelope = {
      id: newEventId(),
      type,
      version: 1,
      streamId: `s-${runId}`,
      streamPosition: 1,
      occurredAt: new Date().toISOString(),
      correlationId: runId,
      causationId: runId,
      producer: type.split('.')[0],
      traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`,
      payload,
      ...extra,
    };
    await this.nats.jetstream().publish(names.wireSubject(this.ns.namespace, `${type}.v1`), JSON.stringify(event), { msgID: event.id });
    return event;
  }
}

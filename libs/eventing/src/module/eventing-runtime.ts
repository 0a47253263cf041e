import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventRegistry } from '@switchboard/contracts';
import type { CheckpointStore, EventStore } from '@switchboard/event-store';
import { DeferredDeliveries, KeySemaphore, RateLimiter, ScheduledRetries } from '@switchboard/durable';
import type pg from 'pg';
import type { NatsClient } from '../connection/nats-client.js';
import type { EventConsumerDeps } from '../consumer/event-consumer.js';
import { DeadLetters } from '../dead-letter/dead-letters.js';
import { FailureEvents } from '../dead-letter/failure-events.js';
import type { Inbox } from '../inbox/inbox.js';
import { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';
import { ReplayGenerations } from '../provisioning/replay-generation.store.js';
import { OutboxRelay, type OutboxRelayOptions } from '../relay/outbox-relay.js';
import { JetStreamTransport } from '../transport/jetstream.transport.js';

export interface EventingOptions {
  /** Producer name on events, command queue group, prefix of durable names. */
  service: string;
  /** The domain (and so the stream) this service's events belong to. */
  domain: string;
  namespace: string;
  schema: string;
  databaseUrl: string;
  registry: EventRegistry;
  replicas?: number;
  relay?: Partial<Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs' | 'leaderRetryMs' | 'streamCheckIntervalMs'>>;
}

/**
 * Everything of a service that talks to JetStream: provisioning, the outbox relay and the Nest
 * transport. Nothing here blocks start-up: it all begins once NATS answers, and `ready` says when.
 */
export class EventingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Eventing');
  readonly transport: JetStreamTransport;
  private relay?: OutboxRelay;
  private deps?: Promise<EventConsumerDeps>;
  private relayStarted: Promise<void> = Promise.resolve();

  constructor(
    private readonly nats: NatsClient,
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly inbox: Inbox,
    private readonly pool: pg.Pool,
    readonly options: EventingOptions,
  ) {
    this.transport = new JetStreamTransport({
      nats,
      namespace: options.namespace,
      service: options.service,
      consumerDeps: () => this.consumerDeps(),
    });
  }

  onApplicationBootstrap(): void {
    this.relayStarted = this.startRelay();
    this.relayStarted.catch((error) => this.logger.error(`outbox relay did not start: ${String(error)}`));
  }

  /** Streams provisioned, relay started, every consumer subscribed. */
  get ready(): Promise<void> {
    return Promise.all([this.relayStarted, this.transport.ready]).then(() => undefined);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }

  /** The relay of this replica (it publishes only while it holds the store's leadership). */
  get outboxRelay(): OutboxRelay | undefined {
    return this.relay;
  }

  private async startRelay(): Promise<void> {
    const deps = await this.consumerDeps();
    await deps.provisioner.ensureDomainStream(this.options.domain);
    const { namespace, domain, schema, databaseUrl, relay } = this.options;
    this.relay = new OutboxRelay(this.store, this.checkpoints, deps.js, deps.provisioner, {
      namespace,
      domain,
      schema,
      databaseUrl,
      ...relay,
    });
    this.relay.start();
  }

  private consumerDeps(): Promise<EventConsumerDeps> {
    this.deps ??= this.nats.connected.then(async (connection) => {
      const js = connection.jetstream();
      const { namespace, registry, replicas, service, schema } = this.options;
      const provisioner = new JetStreamProvisioner(await connection.jetstreamManager(), {
        namespace,
        replicas,
        generations: new ReplayGenerations(this.pool, schema),
      });
      await provisioner.ensureDeadLetterStream();
      const rateLimiter = new RateLimiter(this.pool, this.options.schema);
      return {
        js,
        provisioner,
        registry,
        inbox: this.inbox,
        deadLetters: new DeadLetters(js, namespace),
        failures: new FailureEvents(js, namespace, service),
        rateLimiter,
        semaphore: new KeySemaphore(this.pool, this.options.schema),
        retries: new ScheduledRetries(this.pool, this.options.schema),
        deferrals: new DeferredDeliveries(this.pool, this.options.schema, rateLimiter),
        namespace,
      };
    });
    return this.deps;
  }
}

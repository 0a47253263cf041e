import { type BeforeApplicationShutdown, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventRegistry } from '@switchboard/contracts';
import { CheckpointStore, EventStore, probeDatabase } from '@switchboard/event-store';
import { DeferredDeliveries, FailedAttempts, KeySemaphore, RateLimiter, ScheduledRetries } from '@switchboard/durable';
import pg from 'pg';
import type { NatsClient } from '../connection/nats-client.js';
import type { EventConsumerDeps } from '../consumer/event-consumer-deps.js';
import { DeadLetters } from '../dead-letter/dead-letters.js';
import { FailureEvents } from '../dead-letter/failure-events.js';
import type { Inbox } from '../inbox/inbox.js';
import { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';
import { ReplayGenerations } from '../provisioning/replay-generation.store.js';
import { OutboxRelay, type OutboxRelayOptions, RELAY_STEP_DEADLINE_MS } from '../relay/outbox-relay.js';
import { type ConsumerHealth, JetStreamTransport } from '../transport/jetstream.transport.js';
import { startWithBackoff } from '../transport/start-with-backoff.js';

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
  relay?: Partial<Pick<OutboxRelayOptions, 'batchSize' | 'pollIntervalMs' | 'leaderRetryMs' | 'streamCheckIntervalMs' | 'stepDeadlineMs'>>;
  /** Connections of the relay's own pool (its reads and checkpoints never queue behind handlers). */
  relayPoolMax?: number;
}

/** What /health reports of eventing: healthy when the relay runs and every consumer pulls. */
export interface EventingHealth {
  healthy: boolean;
  relay: { running: boolean; error?: string };
  consumers: ConsumerHealth[];
}

/**
 * Everything of a service that talks to JetStream: provisioning, the outbox relay and the Nest
 * transport. Nothing here blocks start-up: it all begins once NATS answers, and `ready` says when.
 * A start-up step that fails is tried again with backoff, and `health()` says what is not running.
 */
export class EventingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Eventing');
  readonly transport: JetStreamTransport;
  private relay?: OutboxRelay;
  private deps?: Promise<EventConsumerDeps>;
  private relayStarted: Promise<void> = Promise.resolve();
  private relayError?: string = 'not started yet';
  private stopping = false;
  private endStarting: () => void = () => undefined;
  private readonly stopped = new Promise<void>((resolve) => (this.endStarting = resolve));

  /** The relay's own connections: a burst of handlers holding the service's pool cannot stall publishing. */
  private readonly relayPool: pg.Pool;

  constructor(
    private readonly nats: NatsClient,
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
    this.relayPool = new pg.Pool({
      connectionString: options.databaseUrl,
      application_name: `${options.service}-relay`,
      max: options.relayPoolMax ?? 2,
      connectionTimeoutMillis: 3_000,
      // A query on a connection that stopped answering fails (no relay step waits longer anyway),
      // and the pool drops that connection.
      query_timeout: options.relay?.stepDeadlineMs ?? RELAY_STEP_DEADLINE_MS,
    });
    // An idle client dies when Postgres restarts; the pool replaces it.
    this.relayPool.on('error', (error) => this.logger.warn(`idle relay Postgres client failed: ${error.message}`));
  }

  onApplicationBootstrap(): void {
    const started = startWithBackoff(() => this.startRelay(), {
      stopped: () => this.stopping,
      stopping: this.stopped,
      onFailure: (error, attempt, delayMs) => {
        this.relayError = String(error);
        this.logger.error(`outbox relay did not start (attempt ${attempt}), trying again in ${delayMs} ms: ${this.relayError}`);
      },
    });
    this.relayStarted = started.then(() => undefined);
  }

  health(): EventingHealth {
    const relay = this.relay ? { running: true } : { running: false, error: this.relayError };
    const consumers = this.transport.consumerHealth();
    return { healthy: relay.running && consumers.every((c) => c.pulling), relay, consumers };
  }

  /** Streams provisioned, relay started, every consumer subscribed. */
  get ready(): Promise<void> {
    return Promise.all([this.relayStarted, this.transport.ready]).then(() => undefined);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.endStarting();
    await this.relay?.stop();
    await this.relayPool.end();
  }

  /** The relay of this replica (it publishes only while it holds the store's leadership). */
  get outboxRelay(): OutboxRelay | undefined {
    return this.relay;
  }

  private async startRelay(): Promise<void> {
    const deps = await this.consumerDeps();
    await deps.provisioner.ensureDomainStream(this.options.domain);
    if (this.stopping) return; // shut down while provisioning: start nothing
    const { namespace, domain, schema, databaseUrl, relay, registry, service } = this.options;
    const store = new EventStore(this.relayPool, schema, registry, service);
    this.relay = new OutboxRelay(store, new CheckpointStore(this.relayPool, schema), deps.js, deps.provisioner, {
      namespace,
      domain,
      schema,
      databaseUrl,
      ...relay,
    });
    this.relay.start();
  }

  /** Built once; a failed build is forgotten, so the next caller (a retry) builds it again. */
  private consumerDeps(): Promise<EventConsumerDeps> {
    if (this.deps) return this.deps;
    const deps = this.nats.connected.then(async (connection) => {
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
        attemptLog: new FailedAttempts(this.pool, this.options.schema),
        deferrals: new DeferredDeliveries(this.pool, this.options.schema, rateLimiter),
        namespace,
        probeDatabase: () => probeDatabase(this.options.databaseUrl),
      };
    });
    this.deps = deps;
    deps.catch(() => {
      if (this.deps === deps) this.deps = undefined;
    });
    return deps;
  }
}

import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@switchboard/durable';
import { handlerDuration, inMessagingSpan } from '@switchboard/telemetry';
import type { Consumer, ConsumerMessages, JsMsg } from 'nats';
import type pg from 'pg';
import { wireSubject } from '../provisioning/names.js';
import { inboxKey, replayGeneration } from '../provisioning/replay-generation.js';
import { DatabaseOutage } from './database-outage.js';
import { DeadLettering } from './dead-lettering.js';
import { DeliveryBatches } from './delivery-batches.js';
import type { EventConsumerDeps } from './event-consumer-deps.js';
import { type Delivery, DeliveryOutcomes, RESUBSCRIBE_DELAY_MS } from './delivery-outcomes.js';
import type { EventHandlerBinding } from './event-handler.js';
import { enterFlowControl, type Slot } from './flow-control.js';
import { HandlerAttempts } from './handler-attempts.js';
import { InboxGeneration } from './inbox-generation.js';
import { KeepAlive } from './keep-alive.js';
import { KeyedOrdering } from './keyed-ordering.js';
import { processSpan } from './process-span.js';
import { DEFERRED, RateDeferral } from './rate-deferral.js';

/** How soon a dead replica's deliveries go to another; live handlers extend it with progress acks. */
const DEFAULT_ACK_WAIT_MS = 10_000;
/** How long one pull waits for messages before the loop pulls again. */
const PULL_EXPIRES_MS = 10_000;
/**
 * JetStream counts every delivery, sends back for order included, so its max_deliver cannot
 * count the handler's attempts: the consumer counts those itself (the failures noted in
 * scheduled_retries). max_deliver stays as the safety net that parks a message whose handler
 * never reaches an outcome (it kills its process, say), with room for many order waits.
 */
const SAFETY_NET_DELIVERIES = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One durable pull consumer bound to one handler: pulls only as many messages as it can start,
 * keeps each alive from the moment it is in hand, runs the handler inside the inbox transaction,
 * acks after commit, naks with the retry policy's delay, and parks what cannot succeed in the DLQ.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly ordering = new KeyedOrdering();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly deadLettering: DeadLettering;
  private readonly attempts: HandlerAttempts;
  private readonly outage: DatabaseOutage;
  private readonly outcomes: DeliveryOutcomes;
  /** Handlers that opted in (`batch: true`) run the deliveries in hand in one transaction. */
  private readonly batches?: DeliveryBatches;
  /** Rate-limited handlers park starts that are far ahead instead of holding their messages. */
  private readonly deferral?: RateDeferral;
  /** The inbox key of the consumer's current replay generation. */
  private readonly generation = new InboxGeneration(() => this.readGeneration());
  private consumer?: Consumer;
  private batch?: ConsumerMessages;
  private streamName = '';
  private stopping = false;
  private loop?: Promise<void>;
  consumerName = '';
  /** Why the last pull failed, until a pull succeeds again (for /health). */
  private pullFailure?: string;

  constructor(
    private readonly deps: EventConsumerDeps,
    private readonly binding: EventHandlerBinding,
  ) {
    this.logger = new Logger(`consumer ${binding.options.durable}`);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...binding.options.retry };
    this.deadLettering = new DeadLettering(deps, this.logger, () => this.consumerName, this.maxDeliver, () => this.stopping);
    this.attempts = new HandlerAttempts(deps.retries, deps.attemptLog, () => this.consumerName, this.logger);
    this.outage = new DatabaseOutage(deps.probeDatabase, this.logger);
    const consumer = () => this.consumerName;
    const { policy, ordering, attempts, deadLettering, outage, logger, generation } = this;
    const replaced = (key: string) => generation.replaced(key);
    this.outcomes = new DeliveryOutcomes({ policy, ordering, attempts, deadLettering, outage, logger, consumer, replaced });
    const { options } = binding;
    // Flow control decides per delivery, and unordered handlers gain little from waiting for a batch.
    if (options.batch && !options.rateLimit && !options.keyConcurrency && options.ordered !== false) {
      const run = (delivery: Delivery, tx: pg.PoolClient) => this.runHandler(delivery, tx);
      this.batches = new DeliveryBatches({ inbox: deps.inbox, ordering, attempts, outcomes: this.outcomes, consumer, run });
    }
    if (options.rateLimit) this.deferral = new RateDeferral(deps, { ...options, rateLimit: options.rateLimit }, this.ackWaitMs, this.concurrency);
  }

  private get concurrency() {
    return this.binding.options.concurrency ?? 8;
  }

  private get ackWaitMs() {
    return this.binding.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  }

  private get maxDeliver() {
    return this.policy.attempts + SAFETY_NET_DELIVERIES;
  }

  async start(): Promise<void> {
    await this.subscribe();
    this.deferral?.start(this.consumerName, (message) => this.dispatch(message, this.generation.latest()));
    this.loop = this.pullLoop();
  }

  /** Stops pulling, lets in-flight handlers finish and ack. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.batch?.stop();
    this.outage.stop();
    await this.loop;
    await this.deferral?.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Subscribed, its last pull went through and PostgreSQL answers: what /health reports per consumer. */
  get pulling(): boolean {
    return this.consumer !== undefined && !this.stopping && this.pullFailure === undefined && !this.outage.active;
  }

  /** Why it does not pull, when it waits for PostgreSQL. */
  get waitingFor(): string | undefined {
    return this.outage.reason;
  }

  /** Messages waiting for this consumer (not yet delivered), as JetStream counts them. */
  async lag(): Promise<number> {
    const consumer = await this.deps.js.consumers.get(this.streamName, this.consumerName);
    return (await consumer.info(true)).num_pending;
  }

  private async subscribe(): Promise<void> {
    const domain = this.binding.subject.split('.')[0];
    this.consumerName = await this.deps.provisioner.ensureConsumer({
      durable: this.binding.options.durable,
      domain,
      filterSubject: wireSubject(this.deps.namespace, this.binding.subject),
      ackWaitMs: this.ackWaitMs,
      maxDeliver: this.maxDeliver,
      maxAckPending: this.binding.options.maxAckPending ?? 1_000,
    });
    this.streamName = (await this.deps.provisioner.streamInfo(domain))!.config.name;
    this.consumer = await this.deps.js.consumers.get(this.streamName, this.consumerName);
    await this.generation.reset();
  }

  /** A replay recreates the consumer with the next generation, which keys the inbox. */
  private async readGeneration(): Promise<string> {
    const { config } = await this.consumer!.info();
    return inboxKey(this.consumerName, replayGeneration(config.description));
  }

  private async pullLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.pullBatch();
        this.pullFailure = undefined;
      } catch (error) {
        if (this.stopping) return;
        this.pullFailure = String(error);
        // The consumer or its stream went away (deleted, replayed, NATS restarted): provision and go on.
        this.logger.warn(`pull failed: ${String(error)}`);
        await sleep(RESUBSCRIBE_DELAY_MS);
        await this.subscribe().catch((subscribeError) => this.logger.warn(`resubscribe failed: ${String(subscribeError)}`));
      }
    }
  }

  /**
   * Pulls no more than the free slots, so that no message waits unseen in a client buffer while
   * its ack wait runs out (it would be redelivered and run twice at once).
   */
  private async pullBatch(): Promise<void> {
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    await this.outage.passed();
    if (this.stopping) return;
    const consumer = this.consumer!;
    const batch = await consumer.fetch({ max_messages: this.concurrency - this.inFlight.size, expires: PULL_EXPIRES_MS });
    this.batch = batch;
    if (this.stopping) batch.stop();
    for await (const message of batch) {
      // Observed here whatever happens: an unhandled rejection would end the process.
      const task = this.dispatch(message, this.generation.forDelivery(message))
        .catch((error) => this.logger.error(`dispatch failed: ${String(error)}`))
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
  }

  /** Never rejects: what fails here leaves the message to come back. */
  private async dispatch(message: JsMsg, generation: Promise<string>): Promise<void> {
    const keepAlive = new KeepAlive(message, this.ackWaitMs, (error) =>
      this.logger.warn(`could not renew a concurrency lease: ${String(error)}`),
    );
    try {
      await this.process(message, await generation, keepAlive);
    } catch (error) {
      this.logger.error(`could not process #${message.seq}: ${String(error)}`);
      if (message.info.redeliveryCount < this.maxDeliver) message.nak(RESUBSCRIBE_DELAY_MS);
      // The server would not deliver it again: park it rather than lose it.
      else await this.deadLettering.giveUp(message, { reason: 'max-deliveries', error, attempts: message.info.redeliveryCount });
    } finally {
      keepAlive.stop();
    }
  }

  private async process(message: JsMsg, inboxConsumer: string, keepAlive: KeepAlive): Promise<void> {
    let event: EventEnvelope;
    try {
      event = this.deps.registry.decode(message.json());
    } catch (error) {
      await this.deadLettering.giveUp(message, { reason: 'undecodable', error, attempts: message.info.redeliveryCount });
      return;
    }
    await this.admit(message, event, inboxConsumer, keepAlive).catch(async (error: unknown) => {
      // The inbox check or the attempt count could not be read: wait for the database as the handler does.
      if (!(await this.outage.explains(error))) throw error;
      this.outcomes.waitOut(message, event);
    });
  }

  private async admit(message: JsMsg, event: EventEnvelope, inboxConsumer: string, keepAlive: KeepAlive): Promise<void> {
    const deliveries = message.info.redeliveryCount;
    // Before anything else: a duplicate takes no flow-control place and is never parked.
    if (await this.alreadyHandled(message, event, inboxConsumer)) return this.outcomes.concluded({ message, event, inboxConsumer }, 'duplicate');
    if (deliveries >= this.maxDeliver) {
      const error = new Error(`delivered ${deliveries} times without an outcome (did the handler crash or hang?)`);
      await this.deadLettering.giveUp(message, { reason: 'max-deliveries', error, attempts: deliveries }, event);
      this.ordering.release(event.streamId, message.seq);
      return;
    }
    if (this.batches) return this.batches.handle(message, event, inboxConsumer);
    if (this.binding.options.ordered === false) return this.handle(message, event, inboxConsumer, keepAlive);
    return this.ordering.run(event.streamId, async () => {
      const wait = this.ordering.admit(event.streamId, message.seq);
      // Sent back to wait for order: a delivery, not one of the handler's attempts.
      if (wait > 0) message.nak(wait);
      else await this.handle(message, event, inboxConsumer, keepAlive);
    });
  }

  /**
   * Worth a query only where a duplicate could cost something before the inbox transaction sees
   * it: flow control, or a redelivery (it may be past max_deliver). Otherwise runOnce finds it.
   */
  private async alreadyHandled(message: JsMsg, event: EventEnvelope, inboxConsumer: string): Promise<boolean> {
    const { rateLimit, keyConcurrency } = this.binding.options;
    if (message.info.redeliveryCount === 1 && !rateLimit && !keyConcurrency) return false;
    return this.deps.inbox.seen(inboxConsumer, event.id);
  }

  private async handle(message: JsMsg, event: EventEnvelope, inboxConsumer: string, keepAlive: KeepAlive): Promise<void> {
    const delivery: Delivery = { message, event, inboxConsumer, attempt: await this.attempts.current(message, event) };
    let slot: Slot | undefined;
    try {
      const admitted = this.deferral
        ? await this.deferral.admit(message, event)
        : await enterFlowControl(this.deps, this.binding.options, event, this.ackWaitMs);
      if (admitted === DEFERRED) return this.ordering.release(event.streamId, message.seq);
      slot = admitted;
      if (slot) keepAlive.alsoRenew(slot.renew);
      const endTimer = handlerDuration.startTimer({ consumer: this.consumerName, type: event.type });
      const outcome = await inMessagingSpan(processSpan(message, event, this.consumerName), () =>
        this.deps.inbox.runOnce(inboxConsumer, event.id, (tx) => this.runHandler(delivery, tx)),
      ).finally(endTimer);
      await this.outcomes.concluded(delivery, outcome);
    } catch (error) {
      await this.outcomes.failed(delivery, error);
    } finally {
      // The lease expires by itself; a failed release must not take the process down.
      await slot?.release().catch((error) => this.logger.warn(`could not release a concurrency lease: ${String(error)}`));
    }
  }

  private async runHandler({ message, event, attempt }: Delivery, tx: pg.PoolClient): Promise<void> {
    const context = { tx, attempt, consumer: this.consumerName, message, willRetry: (error: unknown) => this.outcomes.willRetry(attempt, error) };
    await this.binding.handle(event, context);
  }
}

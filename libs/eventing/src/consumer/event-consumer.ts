import { Logger } from '@nestjs/common';
import type { EventEnvelope, EventRegistry } from '@switchboard/contracts';
import {
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type DeferredDeliveries,
  type FailedAttempts,
  type KeySemaphore,
  type RateLimiter,
  type RetryPolicy,
  type ScheduledRetries,
} from '@switchboard/durable';
import { eventsConsumed, handlerDuration, inMessagingSpan, retriesScheduled } from '@switchboard/telemetry';
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import type { DeadLetters } from '../dead-letter/dead-letters.js';
import type { FailureEvents } from '../dead-letter/failure-events.js';
import type { Inbox } from '../inbox/inbox.js';
import type { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';
import { wireSubject } from '../provisioning/names.js';
import { inboxKey, replayGeneration } from '../provisioning/replay-generation.js';
import { DatabaseOutage } from './database-outage.js';
import { DeadLettering } from './dead-lettering.js';
import type { EventHandlerBinding } from './event-handler.js';
import { enterFlowControl, type Slot } from './flow-control.js';
import { HandlerAttempts } from './handler-attempts.js';
import { InboxGeneration } from './inbox-generation.js';
import { KeepAlive } from './keep-alive.js';
import { KeyedOrdering } from './keyed-ordering.js';
import { processSpan } from './process-span.js';
import { DEFERRED, RateDeferral } from './rate-deferral.js';

export interface EventConsumerDeps {
  js: JetStreamClient;
  provisioner: JetStreamProvisioner;
  registry: EventRegistry;
  inbox: Inbox;
  deadLetters: DeadLetters;
  failures: FailureEvents;
  rateLimiter: RateLimiter;
  semaphore: KeySemaphore;
  retries: ScheduledRetries;
  attemptLog: FailedAttempts;
  deferrals: DeferredDeliveries;
  namespace: string;
  /** Rejects while PostgreSQL cannot be reached. */
  probeDatabase: () => Promise<void>;
}

const RESUBSCRIBE_DELAY_MS = 1_000;
/** How soon a dead replica's deliveries go to another; live handlers extend it with progress acks. */
const DEFAULT_ACK_WAIT_MS = 10_000;
/** How long one pull waits for messages before the loop pulls again. */
const PULL_EXPIRES_MS = 10_000;
/** A delivery sent back during an outage cannot come back into the pull still open (nothing else is pulled then). */
const OUTAGE_NAK_MS = PULL_EXPIRES_MS;
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
    const { options } = binding;
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
      this.waitOut(message, event);
    });
  }

  private async admit(message: JsMsg, event: EventEnvelope, inboxConsumer: string, keepAlive: KeepAlive): Promise<void> {
    const deliveries = message.info.redeliveryCount;
    // Before anything else: a duplicate takes no flow-control place and is never parked.
    if (await this.alreadyHandled(message, event, inboxConsumer)) {
      if (await this.replayedSince(message, event, inboxConsumer)) return;
      message.ack();
      eventsConsumed.inc({ consumer: this.consumerName, type: event.type, outcome: 'duplicate' });
      this.ordering.release(event.streamId, message.seq);
      return;
    }
    if (deliveries >= this.maxDeliver) {
      const error = new Error(`delivered ${deliveries} times without an outcome (did the handler crash or hang?)`);
      await this.deadLettering.giveUp(message, { reason: 'max-deliveries', error, attempts: deliveries }, event);
      this.ordering.release(event.streamId, message.seq);
      return;
    }
    if (this.binding.options.ordered === false) return this.handle(message, event, inboxConsumer, keepAlive);
    return this.ordering.run(event.streamId, async () => {
      const wait = this.ordering.admit(event.streamId, message.seq);
      // Sent back to wait for order: a delivery, not one of the handler's attempts.
      if (wait > 0) message.nak(wait);
      else await this.handle(message, event, inboxConsumer, keepAlive);
    });
  }

  /** Failed because PostgreSQL does not answer: not an attempt, nothing noted; its aggregate's later events wait. */
  private waitOut(message: JsMsg, event: EventEnvelope): void {
    this.ordering.hold(event.streamId, message.seq, Date.now() + OUTAGE_NAK_MS);
    message.nak(OUTAGE_NAK_MS);
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

  /**
   * A duplicate is skipped only under the current generation: one under a key a replay has since
   * replaced goes back at once, to run under the new key (it is held so its aggregate's later
   * events wait for it). Duplicates are rare, so reading the consumer's info here costs little.
   */
  private async replayedSince(message: JsMsg, event: EventEnvelope, inboxConsumer: string): Promise<boolean> {
    if (!(await this.generation.replaced(inboxConsumer))) return false;
    this.ordering.hold(event.streamId, message.seq, Date.now());
    message.nak();
    return true;
  }

  private async handle(message: JsMsg, event: EventEnvelope, inboxConsumer: string, keepAlive: KeepAlive): Promise<void> {
    const attempt = await this.attempts.current(message, event);
    let slot: Slot | undefined;
    try {
      const admitted = this.deferral
        ? await this.deferral.admit(message, event)
        : await enterFlowControl(this.deps, this.binding.options, event, this.ackWaitMs);
      if (admitted === DEFERRED) return this.ordering.release(event.streamId, message.seq);
      slot = admitted;
      if (slot) keepAlive.alsoRenew(slot.renew);
      const labels = { consumer: this.consumerName, type: event.type };
      const endTimer = handlerDuration.startTimer(labels);
      const outcome = await inMessagingSpan(processSpan(message, event, this.consumerName), () =>
        this.deps.inbox.runOnce(inboxConsumer, event.id, (tx) =>
          this.binding
            .handle(event, { tx, attempt, consumer: this.consumerName, message, willRetry: (error) => this.willRetry(attempt, error) })
            .then(() => undefined),
        ),
      ).finally(endTimer);
      if (outcome === 'duplicate' && (await this.replayedSince(message, event, inboxConsumer))) return;
      message.ack();
      eventsConsumed.inc({ ...labels, outcome });
      this.ordering.release(event.streamId, message.seq);
      await this.attempts.done(event, attempt);
    } catch (error) {
      if (await this.outage.explains(error)) this.waitOut(message, event);
      else await this.failed(message, event, attempt, error);
    } finally {
      // The lease expires by itself; a failed release must not take the process down.
      await slot?.release().catch((error) => this.logger.warn(`could not release a concurrency lease: ${String(error)}`));
    }
  }

  private async failed(message: JsMsg, event: EventEnvelope, attempt: number, error: unknown): Promise<void> {
    const decision = decideRetry(this.policy, attempt, error);
    if (decision.action === 'retry') {
      this.ordering.hold(event.streamId, message.seq, Date.now() + decision.delayMs);
      this.logger.warn(`${event.type} ${event.id} attempt ${attempt} failed, retry in ${decision.delayMs} ms: ${String(error)}`);
      message.nak(decision.delayMs);
      retriesScheduled.inc({ consumer: this.consumerName, type: event.type });
      await this.attempts.failed(event, attempt, decision.delayMs, error);
      return;
    }
    const earlierErrors = await this.attempts.earlierErrors(event, attempt);
    if (await this.deadLettering.giveUp(message, { reason: decision.reason, error, attempts: attempt, earlierErrors }, event)) {
      // Logged and forgotten only once parked: a message that comes back keeps its attempt count.
      await this.attempts.gaveUp(event, attempt, error);
      await this.attempts.done(event, attempt);
      this.ordering.release(event.streamId, message.seq);
    } else {
      this.ordering.hold(event.streamId, message.seq, Date.now() + RESUBSCRIBE_DELAY_MS);
    }
  }

  private willRetry(attempt: number, error: unknown): boolean {
    return decideRetry(this.policy, attempt, error).action === 'retry';
  }
}

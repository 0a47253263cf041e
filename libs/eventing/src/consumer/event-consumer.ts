import { Logger } from '@nestjs/common';
import type { EventEnvelope, EventRegistry } from '@switchboard/contracts';
import {
  decideRetry,
  DEFAULT_RETRY_POLICY,
  type KeySemaphore,
  type RateLimiter,
  type RetryPolicy,
  type ScheduledRetries,
} from '@switchboard/durable';
import {
  contextFrom,
  deadLettersParked,
  eventsConsumed,
  handlerDuration,
  inMessagingSpan,
  retriesScheduled,
} from '@switchboard/telemetry';
import { ConsumerEvents, type ConsumerMessages, type JetStreamClient, type JsMsg } from 'nats';
import type { DeadLetterReason, DeadLetters } from '../dead-letter/dead-letters.js';
import type { FailureEvents } from '../dead-letter/failure-events.js';
import type { Inbox } from '../inbox/inbox.js';
import type { JetStreamProvisioner } from '../provisioning/jetstream-provisioner.js';
import { wireSubject } from '../provisioning/names.js';
import { EVENT_HEADERS } from '../relay/event-headers.js';
import { inboxKey, replayGeneration } from '../provisioning/replay-generation.js';
import type { EventHandlerBinding } from './event-handler.js';
import { enterFlowControl, type Slot } from './flow-control.js';
import { KeyedOrdering } from './keyed-ordering.js';

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
  namespace: string;
}

const RESUBSCRIBE_DELAY_MS = 1_000;
/** How soon a dead replica's deliveries go to another; live handlers extend it with progress acks. */
const DEFAULT_ACK_WAIT_MS = 10_000;

const GONE = new Set([ConsumerEvents.ConsumerNotFound, ConsumerEvents.ConsumerDeleted, ConsumerEvents.StreamNotFound]);

/**
 * One durable pull consumer bound to one handler: pulls while it has capacity, runs the handler
 * inside the inbox transaction, acks after commit, naks with the retry policy's delay, and parks
 * what cannot succeed in the DLQ.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly ordering = new KeyedOrdering();
  private readonly inFlight = new Set<Promise<void>>();
  private messages?: ConsumerMessages;
  private streamName = '';
  private stopping = false;
  private loop?: Promise<void>;
  consumerName = '';
  /** The consumer's replay generation; the inbox key includes it. */
  private inboxConsumer = '';

  constructor(
    private readonly deps: EventConsumerDeps,
    private readonly binding: EventHandlerBinding,
  ) {
    this.logger = new Logger(`consumer ${binding.options.durable}`);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...binding.options.retry };
  }

  private get concurrency() {
    return this.binding.options.concurrency ?? 8;
  }

  private get ackWaitMs() {
    return this.binding.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  }

  async start(): Promise<void> {
    await this.subscribe();
    this.loop = this.pullLoop();
  }

  /** Stops pulling, lets in-flight handlers finish and ack. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.messages?.close();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
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
      // One delivery past the last attempt, so a handler that crashes its process every time is parked.
      maxDeliver: this.policy.attempts + 1,
      maxAckPending: this.binding.options.maxAckPending ?? 1_000,
    });
    const stream = (await this.deps.provisioner.streamInfo(domain))!.config.name;
    this.streamName = stream;
    const consumer = await this.deps.js.consumers.get(stream, this.consumerName);
    const { config } = await consumer.info();
    this.inboxConsumer = inboxKey(this.consumerName, replayGeneration(config.description));
    const messages = await consumer.consume({ max_messages: this.concurrency });
    this.messages = messages;
    this.watchPulling(messages);
    void this.endWhenGone(messages);
  }

  // --- /health hook (runtime helper): is this consumer pulling? Kept apart from the pull logic. ---
  private pullingFrom?: ConsumerMessages;

  /** True while a subscription is open; false before the first and between a lost one and the next. */
  get pulling(): boolean {
    return this.pullingFrom !== undefined && !this.stopping;
  }

  private watchPulling(messages: ConsumerMessages): void {
    this.pullingFrom = messages;
    const ended = () => {
      if (this.pullingFrom === messages) this.pullingFrom = undefined;
    };
    void messages.closed().then(ended, ended);
  }
  // --- end of the /health hook ---

  /** nats.js keeps pulling from a deleted consumer; end the iteration so the loop provisions it again. */
  private async endWhenGone(messages: ConsumerMessages): Promise<void> {
    for await (const status of await messages.status()) {
      if (GONE.has(status.type as ConsumerEvents)) {
        this.logger.warn(`${status.type}: provisioning again`);
        messages.stop();
        return;
      }
    }
  }

  private async pullLoop(): Promise<void> {
    while (!this.stopping) {
      try {
        for await (const message of this.messages!) {
          const task = this.dispatch(message).finally(() => this.inFlight.delete(task));
          this.inFlight.add(task);
          if (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
        }
      } catch (error) {
        this.logger.warn(`pull failed: ${String(error)}`);
      }
      if (this.stopping) return;
      // The consumer or its stream went away (deleted, NATS restarted): provision and go on.
      await new Promise((resolve) => setTimeout(resolve, RESUBSCRIBE_DELAY_MS));
      await this.subscribe().catch((error) => this.logger.warn(`resubscribe failed: ${String(error)}`));
    }
  }

  private async dispatch(message: JsMsg): Promise<void> {
    const attempt = message.info.redeliveryCount;
    let event: EventEnvelope;
    try {
      event = this.deps.registry.decode(message.json());
    } catch (error) {
      return this.giveUp(message, 'undecodable', error, attempt);
    }
    if (attempt > this.policy.attempts) {
      const error = new Error(`delivered ${attempt} times without an outcome (did the handler crash or hang?)`);
      return this.giveUp(message, 'max-deliveries', error, attempt, event);
    }
    if (this.binding.options.ordered === false) return this.handle(message, event, attempt);
    return this.ordering.run(event.streamId, async () => {
      const wait = this.ordering.admit(event.streamId, message.seq);
      if (wait > 0) message.nak(wait);
      else await this.handle(message, event, attempt);
    });
  }

  private async handle(message: JsMsg, event: EventEnvelope, attempt: number): Promise<void> {
    let slot: Slot | undefined;
    // While the handler works, JetStream and the concurrency lease both hear that it is alive.
    const progress = setInterval(() => {
      message.working();
      void slot?.renew().catch((error) => this.logger.warn(`could not renew a concurrency lease: ${String(error)}`));
    }, this.ackWaitMs / 3);
    try {
      slot = await enterFlowControl(this.deps, this.binding.options, event, this.ackWaitMs);
      const labels = { consumer: this.consumerName, type: event.type };
      const endTimer = handlerDuration.startTimer(labels);
      const outcome = await inMessagingSpan(
        {
          name: `process ${event.type}.v${event.version}`,
          kind: 'process',
          parent: contextFrom({
            traceparent: message.headers?.get(EVENT_HEADERS.traceparent) || event.traceparent,
            tracestate: message.headers?.get(EVENT_HEADERS.tracestate) || event.tracestate,
          }),
          attributes: {
            'messaging.destination.name': message.subject,
            'messaging.message.id': event.id,
            'messaging.consumer.group.name': this.consumerName,
            'messaging.nats.delivery_count': attempt,
          },
        },
        () =>
          this.deps.inbox.runOnce(this.inboxConsumer, event.id, (tx) =>
            this.binding
              .handle(event, { tx, attempt, consumer: this.consumerName, message, willRetry: (error) => this.willRetry(attempt, error) })
              .then(() => undefined),
          ),
      ).finally(endTimer);
      message.ack();
      eventsConsumed.inc({ ...labels, outcome });
      this.ordering.release(event.streamId, message.seq);
      if (attempt > 1) await this.forgetRetry(event);
    } catch (error) {
      const decision = decideRetry(this.policy, attempt, error);
      if (decision.action === 'retry') {
        this.ordering.hold(event.streamId, message.seq, Date.now() + decision.delayMs);
        this.logger.warn(`${event.type} ${event.id} attempt ${attempt} failed, retry in ${decision.delayMs} ms: ${String(error)}`);
        message.nak(decision.delayMs);
        retriesScheduled.inc({ consumer: this.consumerName, type: event.type });
        await this.noteRetry(event, attempt, decision.delayMs, error);
      } else {
        const earlierErrors = attempt > 1 ? await this.forgetRetry(event) : [];
        await this.giveUp(message, decision.reason, error, attempt, event, earlierErrors);
        this.ordering.release(event.streamId, message.seq);
      }
    } finally {
      clearInterval(progress);
      await slot?.release();
    }
  }

  private willRetry(attempt: number, error: unknown): boolean {
    return decideRetry(this.policy, attempt, error).action === 'retry';
  }

  private async noteRetry(event: EventEnvelope, attempt: number, delayMs: number, error: unknown): Promise<void> {
    await this.deps.retries
      .note({
        consumer: this.consumerName,
        eventId: event.id,
        eventType: event.type,
        attempt,
        nextAttemptAt: new Date(Date.now() + delayMs),
        lastError: String(error),
      })
      .catch((noteError) => this.logger.warn(`could not note the retry: ${String(noteError)}`));
  }

  private forgetRetry(event: EventEnvelope): Promise<{ attempt: number; error: string }[]> {
    return this.deps.retries.clear(this.consumerName, event.id).catch((clearError) => {
      this.logger.warn(`could not clear the retry: ${String(clearError)}`);
      return [];
    });
  }

  private async giveUp(
    message: JsMsg,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
    event?: EventEnvelope,
    earlierErrors: { attempt: number; error: string }[] = [],
  ): Promise<void> {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.error(`dead-lettering ${message.subject} #${message.seq} (${reason}): ${text}`);
    try {
      await this.deps.deadLetters.park(message, {
        consumer: this.consumerName,
        reason,
        error: text,
        attempts,
        eventId: event?.id,
        earlierErrors,
      });
      deadLettersParked.inc({ consumer: this.consumerName, reason });
      if (event) await this.deps.failures.publish(event, { consumer: this.consumerName, reason, error: text, attempts });
      message.term(reason);
    } catch (parkError) {
      // Not parked, so not dropped: let JetStream deliver it again.
      this.logger.error(`could not dead-letter ${message.seq}: ${String(parkError)}`);
      message.nak(RESUBSCRIBE_DELAY_MS);
    }
  }
}

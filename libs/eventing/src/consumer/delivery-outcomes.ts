import type { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import { decideRetry, type RetryDecision, type RetryPolicy } from '@switchboard/durable';
import { eventsConsumed, retriesScheduled } from '@switchboard/telemetry';
import type { JsMsg } from 'nats';
import type { InboxOutcome } from '../inbox/inbox.js';
import type { DatabaseOutage } from './database-outage.js';
import type { DeadLettering } from './dead-lettering.js';
import type { HandlerAttempts } from './handler-attempts.js';
import type { KeyedOrdering } from './keyed-ordering.js';

/** A delivery the consumer decoded and counted the attempt of. */
export interface Delivery {
  message: JsMsg;
  event: EventEnvelope;
  /** The inbox key of the replay generation it arrived under. */
  inboxConsumer: string;
  attempt: number;
}

/** Sent back during an outage: cannot come back into the pull still open (nothing else is pulled then). */
export const OUTAGE_NAK_MS = 10_000;
/** How soon a delivery that could not be processed or parked comes back. */
export const RESUBSCRIBE_DELAY_MS = 1_000;

/**
 * What a delivery's outcome does to the message, its aggregate's order and its attempt count,
 * whether it ran alone or in a batch: ack a handled one, send back one that failed with its retry
 * policy's delay (or park it), wait out an unreachable database.
 */
export class DeliveryOutcomes {
  constructor(
    private readonly parts: {
      policy: RetryPolicy;
      ordering: KeyedOrdering;
      attempts: HandlerAttempts;
      deadLettering: DeadLettering;
      outage: DatabaseOutage;
      logger: Logger;
      consumer: () => string;
      /** Whether a replay has replaced the inbox key since it was taken (InboxGeneration). */
      replaced: (inboxConsumer: string) => Promise<boolean>;
    },
  ) {}

  /**
   * Committed, or already handled: acked, its aggregate's next may run (`attempt` unknown before
   * the handler's turn: nothing to clear then). A duplicate is skipped only under the current
   * generation: one under a key a replay has since replaced goes back at once, to run under the
   * new key (held, so its aggregate's later events wait for it). Duplicates are rare, so reading
   * the consumer's info here costs little.
   */
  async concluded(delivery: Omit<Delivery, 'attempt'> & { attempt?: number }, outcome: InboxOutcome): Promise<void> {
    const { message, event, inboxConsumer, attempt = 1 } = delivery;
    if (outcome === 'duplicate' && (await this.parts.replaced(inboxConsumer))) {
      this.parts.ordering.hold(event.streamId, message.seq, Date.now());
      message.nak();
      return;
    }
    message.ack();
    eventsConsumed.inc({ consumer: this.parts.consumer(), type: event.type, outcome });
    this.parts.ordering.release(event.streamId, message.seq);
    await this.parts.attempts.done(event, attempt);
  }

  /** Failed because PostgreSQL does not answer: not an attempt, nothing noted; its aggregate's later events wait. */
  waitOut(message: JsMsg, event: EventEnvelope): void {
    this.parts.ordering.hold(event.streamId, message.seq, Date.now() + OUTAGE_NAK_MS);
    message.nak(OUTAGE_NAK_MS);
  }

  decide(attempt: number, error: unknown): RetryDecision {
    return decideRetry(this.parts.policy, attempt, error);
  }

  willRetry(attempt: number, error: unknown): boolean {
    return this.decide(attempt, error).action === 'retry';
  }

  /** The handler failed: waited out if the database is why, else retried or parked (`decision` if already taken). */
  async failed(delivery: Delivery, error: unknown, decision?: RetryDecision): Promise<void> {
    const { message, event, attempt } = delivery;
    const { ordering, attempts, logger } = this.parts;
    if (await this.parts.outage.explains(error)) return this.waitOut(message, event);
    decision ??= this.decide(attempt, error);
    if (decision.action === 'retry') {
      ordering.hold(event.streamId, message.seq, Date.now() + decision.delayMs);
      logger.warn(`${event.type} ${event.id} attempt ${attempt} failed, retry in ${decision.delayMs} ms: ${String(error)}`);
      message.nak(decision.delayMs);
      retriesScheduled.inc({ consumer: this.parts.consumer(), type: event.type });
      await attempts.failed(event, attempt, decision.delayMs, error);
      return;
    }
    const earlierErrors = await attempts.earlierErrors(event, attempt);
    if (await this.parts.deadLettering.giveUp(message, { reason: decision.reason, error, attempts: attempt, earlierErrors }, event)) {
      // Logged and forgotten only once parked: a message that comes back keeps its attempt count.
      await attempts.gaveUp(event, attempt, error);
      await attempts.done(event, attempt);
      ordering.release(event.streamId, message.seq);
    } else {
      ordering.hold(event.streamId, message.seq, Date.now() + RESUBSCRIBE_DELAY_MS);
    }
  }
}

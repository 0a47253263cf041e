import type { EventEnvelope } from '@switchboard/contracts';
import type { RetryDecision } from '@switchboard/durable';
import { handlerDuration, inMessagingSpan } from '@switchboard/telemetry';
import type { JsMsg } from 'nats';
import type pg from 'pg';
import type { Inbox } from '../inbox/inbox.js';
import type { InboxBatchResult } from '../inbox/inbox-batch.js';
import { type Delivery, type DeliveryOutcomes, RESUBSCRIBE_DELAY_MS } from './delivery-outcomes.js';
import type { HandlerAttempts } from './handler-attempts.js';
import type { KeyedOrdering } from './keyed-ordering.js';
import { processSpan } from './process-span.js';

/** A delivery in a batch, with what its step decided inside the transaction. */
export interface BatchedDelivery extends Delivery {
  /** Sent back to wait for an earlier event of its aggregate (already nak'd). */
  sentBack?: boolean;
  /** Taken when it failed, so that its aggregate's later deliveries wait as long as it will. */
  decision?: RetryDecision;
}

type Settled = InboxBatchResult | { outcome: 'lost'; error: unknown };

interface Queued {
  delivery: BatchedDelivery;
  settle: (result: Settled) => void;
}

/** Lets the deliveries of one socket read (dispatched synchronously, awaited a few microtasks) join one batch. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The deliveries of a `batch: true` handler, handled in one transaction at a time (ADR 0005, #18):
 * what is in hand when a batch starts runs in it, in stream order, and what arrives meanwhile
 * gathers for the next, so the busier the consumer, the more steps one commit carries. One batch
 * at a time is also what keeps an aggregate's order without KeyedOrdering.run: a delivery never
 * runs before an earlier one of its aggregate has committed, or has failed within the same batch
 * (the step then sends the later one back, as KeyedOrdering.admit says).
 */
export class DeliveryBatches {
  private queue: Queued[] = [];
  private draining = false;

  constructor(
    private readonly parts: {
      inbox: Inbox;
      ordering: KeyedOrdering;
      attempts: HandlerAttempts;
      outcomes: DeliveryOutcomes;
      consumer: () => string;
      /** The handler, in the transaction given. */
      run: (delivery: Delivery, tx: pg.PoolClient) => Promise<void>;
    },
  ) {}

  /** Waits for its batch to commit, then acks, retries or waits out as a delivery handled alone would. */
  async handle(message: JsMsg, event: EventEnvelope, inboxConsumer: string): Promise<void> {
    const { attempts, outcomes, consumer } = this.parts;
    const delivery: BatchedDelivery = { message, event, inboxConsumer, attempt: await attempts.current(message, event) };
    const endTimer = handlerDuration.startTimer({ consumer: consumer(), type: event.type });
    const result = await this.settled(delivery).finally(endTimer);
    if (result.outcome === 'handled' || result.outcome === 'duplicate') return outcomes.concluded(delivery, result.outcome);
    // Sent back for order already, or a second copy of an event whose first copy did not succeed.
    if (result.outcome === 'skipped') return void (delivery.sentBack || message.nak(RESUBSCRIBE_DELAY_MS));
    // Failed in its savepoint (decided then), or lost with its whole transaction (an outage is waited out).
    if (result.outcome === 'failed') return outcomes.failed(delivery, result.error, delivery.decision);
    await outcomes.failed(delivery, result.error);
  }

  /**
   * Settles once the delivery's batch committed, with its outcome; 'lost' when its transaction
   * failed even alone (nothing of it committed: the connection went away, the COMMIT was refused).
   */
  private settled(delivery: BatchedDelivery): Promise<Settled> {
    return new Promise((settle) => {
      this.queue.push({ delivery, settle });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        await nextTurn();
        const batch = this.queue.splice(0).sort((a, b) => a.delivery.message.seq - b.delivery.message.seq);
        await this.run(batch);
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * A batch that fails as a whole committed nothing; its deliveries run again one per transaction,
   * in the same order, so that what failed is the failure of the one delivery that caused it (and
   * during an outage, each finds the database gone as it would alone, and waits it out).
   */
  private async run(batch: Queued[]): Promise<void> {
    try {
      const results = await this.parts.inbox.runBatch(batch.map(({ delivery }) => this.entry(delivery)));
      batch.forEach(({ settle }, index) => settle(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].settle({ outcome: 'lost', error });
      for (const queued of batch) {
        // Already sent back (nak'd) to wait for its aggregate: it comes back by itself.
        if (queued.delivery.sentBack) queued.settle({ outcome: 'skipped' });
        else await this.run([queued]);
      }
    }
  }

  private entry(delivery: BatchedDelivery) {
    return { consumer: delivery.inboxConsumer, eventId: delivery.event.id, run: (tx: pg.PoolClient) => this.step(delivery, tx) };
  }

  /** One delivery's turn in its batch's transaction, behind its own savepoint. */
  private async step(delivery: BatchedDelivery, tx: pg.PoolClient): Promise<'skipped' | void> {
    const { message, event, attempt } = delivery;
    const { ordering, outcomes } = this.parts;
    const wait = ordering.admit(event.streamId, message.seq);
    if (wait > 0) {
      // Sent back to wait for order: a delivery, not one of the handler's attempts.
      message.nak(wait);
      delivery.sentBack = true;
      return 'skipped';
    }
    try {
      await inMessagingSpan(processSpan(message, event, this.parts.consumer()), () => this.parts.run(delivery, tx));
    } catch (error) {
      // Held at once, so that its aggregate's later deliveries in this batch are sent back.
      delivery.decision = outcomes.decide(attempt, error);
      const delayMs = delivery.decision.action === 'retry' ? delivery.decision.delayMs : RESUBSCRIBE_DELAY_MS;
      ordering.hold(event.streamId, message.seq, Date.now() + delayMs);
      throw error;
    }
  }
}

import type { EventEnvelope } from '@switchboard/contracts';
import type { RetryPolicy } from '@switchboard/durable';
import type { JsMsg } from 'nats';
import type pg from 'pg';

export interface EventHandlerOptions {
  /** Durable consumer name, `<service>-<purpose>` (e.g. `transcription-recordings`). */
  durable: string;
  retry?: Partial<RetryPolicy>;
  /** Events handled at once by this replica (JetStream's max_ack_pending caps all replicas together). */
  concurrency?: number;
  /** Cap across all replicas; defaults to 1000. */
  maxAckPending?: number;
  /** Serialize events of one aggregate stream (the default). False when order does not matter. */
  ordered?: boolean;
  /** How long a delivery may go without a progress ack before JetStream redelivers it (10 s by default; handlers ack progress every third of it). */
  ackWaitMs?: number;
  /**
   * At most `limit` handler starts per window per key, across replicas; the excess waits. A start
   * due more than `deferAfterMs` ahead (1 s by default) is deferred in PostgreSQL and acked.
   */
  rateLimit?: { key: (event: EventEnvelope) => string; limit: number; windowMs: number; deferAfterMs?: number };
  /** At most `limit` handlers running at once per key, across replicas. */
  keyConcurrency?: { key: (event: EventEnvelope) => string; limit: number };
  /**
   * Handle the deliveries in hand (at most `concurrency`) in one transaction, a savepoint each, one
   * COMMIT for all (ADR 0005, #18): one failure rolls back only its own effects. Only for short,
   * database-only handlers: one that calls a provider or waits holds every other one's commit (and
   * its locks) meanwhile. Ignored, the handler runs alone, with `rateLimit`, `keyConcurrency` or
   * `ordered: false`. The handler must not end the transaction itself.
   */
  batch?: boolean;
}

export interface EventContext {
  /** The transaction the handler's writes belong to; the inbox record commits with it. */
  tx: pg.PoolClient;
  /** 1 on the first delivery. */
  attempt: number;
  consumer: string;
  message: JsMsg;
  /**
   * Whether this error would be retried: a handler that must record a failure as an event does so
   * (and returns) when the answer is no, because what it throws rolls its transaction back.
   */
  willRetry(error: unknown): boolean;
}

export type EventHandlerFn = (event: EventEnvelope, context: EventContext) => Promise<unknown>;

export interface EventHandlerBinding {
  /** Event subject, e.g. `telephony.call.completed.v1`. */
  subject: string;
  options: EventHandlerOptions;
  handle: EventHandlerFn;
}

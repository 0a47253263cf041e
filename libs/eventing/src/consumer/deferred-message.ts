import type { Logger } from '@nestjs/common';
import type { ClaimedDeferral, DeferredDeliveries } from '@switchboard/durable';
import { type DeliveryInfo, headers as natsHeaders, type JsMsg, type MsgHdrs } from 'nats';

/** What a deferral keeps of the JetStream message, so it is handled (or dead-lettered) as it came. */
export interface StoredDelivery {
  subject: string;
  stream: string;
  seq: number;
  headers: [string, string[]][];
  /** The message bytes, base64. */
  data: string;
}

export function storedDelivery(message: JsMsg): StoredDelivery {
  return {
    subject: message.subject,
    stream: message.info.stream,
    seq: message.seq,
    headers: [...(message.headers ?? [])],
    data: Buffer.from(message.data).toString('base64'),
  };
}

/**
 * A deferred delivery, due and claimed, in the shape the consumer handles a JetStream message in:
 * the same path then runs it (inbox, retries, dead letters), and its outcome lands on the row
 * instead of the broker. ack/term delete the row, nak reschedules it, working extends the claim.
 */
export class DeferredMessage implements JsMsg {
  readonly info: DeliveryInfo;
  readonly redelivered: boolean;
  readonly seq: number;
  readonly headers: MsgHdrs | undefined;
  readonly data: Uint8Array;
  readonly subject: string;
  readonly sid = 0;
  private writes: Promise<void> = Promise.resolve();
  private settled = false;

  constructor(
    readonly claimed: ClaimedDeferral,
    private readonly deferrals: DeferredDeliveries,
    private readonly leaseMs: number,
    private readonly logger: Logger,
  ) {
    const stored = claimed.delivery as StoredDelivery;
    this.subject = stored.subject;
    this.seq = stored.seq;
    this.data = Buffer.from(stored.data, 'base64');
    this.headers = stored.headers.length ? natsHeaders() : undefined;
    for (const [key, values] of stored.headers) for (const value of values) this.headers!.append(key, value);
    this.redelivered = claimed.attempt > 1;
    this.info = {
      domain: '',
      stream: stored.stream,
      consumer: claimed.consumer,
      deliveryCount: claimed.attempt,
      redeliveryCount: claimed.attempt,
      streamSequence: stored.seq,
      deliverySequence: 0,
      timestampNanos: claimed.dueAt.getTime() * 1e6,
      pending: 0,
      redelivered: this.redelivered,
    };
  }

  ack(): void {
    this.settle('complete', () => this.deferrals.complete(this.claimed));
  }

  term(): void {
    this.settle('complete', () => this.deferrals.complete(this.claimed));
  }

  nak(millis = 0): void {
    this.settle('reschedule', () => this.deferrals.retryAfter(this.claimed, millis));
  }

  working(): void {
    if (!this.settled) this.write('extend the claim of', () => this.deferrals.extend(this.claimed, this.leaseMs));
  }

  /** It was deferred once more (its row rewritten): nothing is left to write. */
  redeferred(): void {
    this.settled = true;
  }

  async ackAck(): Promise<boolean> {
    this.ack();
    await this.writes;
    return true;
  }

  next(): void {
    throw new Error('a deferred delivery is not pulled');
  }

  json<T>(): T {
    return JSON.parse(this.string()) as T;
  }

  string(): string {
    return Buffer.from(this.data).toString('utf8');
  }

  /** Settles once the outcome the handling chose is written (or failed to be: the claim then expires). */
  written(): Promise<void> {
    return this.writes;
  }

  private settle(what: string, write: () => Promise<void>): void {
    if (this.settled) return;
    this.settled = true;
    this.write(what, write);
  }

  private write(what: string, write: () => Promise<void>): void {
    this.writes = this.writes
      .then(write)
      .catch((error) => this.logger.warn(`could not ${what} deferred ${this.claimed.eventId}: ${String(error)}`));
  }
}

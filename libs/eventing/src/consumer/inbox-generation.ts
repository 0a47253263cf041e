import type { JsMsg } from 'nats';

/** How old a read generation may be when a delivery arrives before it is read again. */
const MAX_AGE_MS = 1_000;

/**
 * The inbox key of the consumer's current replay generation (ADR 0005), read from the consumer's
 * info without a JetStream request before every pull (under load that was one per message). A
 * replay deletes and recreates the consumer, and a recreated consumer counts its deliveries from 1
 * again: a delivery whose sequence is not above the last one seen is read for, so the first
 * delivery of a replay waits for the new key, and so does every delivery after it. A read is also
 * never older than MAX_AGE_MS when a delivery takes it (another replica may have taken the first
 * deliveries of a replay), and the consumer checks the key again before it skips a duplicate.
 */
export class InboxGeneration {
  private current?: Promise<string>;
  private readAt = 0;
  private lastDelivery = 0;

  constructor(
    private readonly read: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The consumer was (re)subscribed: its deliveries count from 1 again. */
  reset(): Promise<string> {
    this.lastDelivery = 0;
    return this.refresh();
  }

  /** The key to handle a delivery under; call it as the delivery arrives, in delivery order. */
  forDelivery(message: JsMsg): Promise<string> {
    const sequence = message.info.deliverySequence;
    const recreated = sequence <= this.lastDelivery;
    this.lastDelivery = sequence;
    if (recreated || !this.current || this.now() - this.readAt > MAX_AGE_MS) return this.refresh();
    return this.current;
  }

  /** The key as last read (a deferred start is not a delivery: it has no sequence of its own). */
  latest(): Promise<string> {
    return this.current ?? this.refresh();
  }

  /** Whether a replay has replaced `key` since it was taken (reads the key now). */
  async replaced(key: string): Promise<boolean> {
    return (await this.refresh()) !== key;
  }

  /** Reads the key now; a failed read is forgotten, so the next delivery reads again. */
  refresh(): Promise<string> {
    const read = this.read();
    this.current = read;
    this.readAt = this.now();
    read.catch(() => {
      if (this.current === read) this.current = undefined;
    });
    return read;
  }
}

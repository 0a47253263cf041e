/**
 * Keeps the events of one key (an aggregate stream) in order while different keys run
 * concurrently. When an event of a key fails and waits for redelivery, every later event of that
 * key is sent back too and admitted only after all earlier waiting ones have been handled, in
 * stream sequence order, whatever order JetStream redelivers them in.
 */
const MARGIN_MS = 100;
/** A waiting message not seen again by then was redelivered elsewhere (another replica): forget it. */
const FORGET_AFTER_MS = 60_000;
const SWEEP_EVERY_MS = 1_000;

export class KeyedOrdering {
  private readonly tails = new Map<string, Promise<void>>();
  /** Per key: stream sequences waiting for redelivery, and when each is expected back. */
  private readonly waiting = new Map<string, Map<number, number>>();
  private sweptAt = -Infinity;

  /** Runs `task` after every earlier task of the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** The message at `sequence` failed and comes back at `retryAt` (epoch ms). */
  hold(key: string, sequence: number, retryAt: number): void {
    this.entries(key).set(sequence, retryAt);
  }

  /**
   * 0 when the message may run now; otherwise how long to send it back for, because an earlier
   * message of its key is still waiting (it is then counted as waiting too).
   */
  admit(key: string, sequence: number, now = Date.now()): number {
    this.forgetStale(now);
    const entries = this.waiting.get(key);
    if (!entries) return 0;
    const earlier = [...entries].filter(([waiting]) => waiting < sequence);
    if (earlier.length === 0) return 0;
    // Back a little after the last earlier one, so they tend to return in order.
    const delay = Math.max(...earlier.map(([, back]) => back - now), 0) + MARGIN_MS * earlier.length;
    entries.set(sequence, now + delay);
    return delay;
  }

  /** The message at `sequence` was handled or given up on. */
  release(key: string, sequence: number): void {
    const entries = this.waiting.get(key);
    entries?.delete(sequence);
    if (entries?.size === 0) this.waiting.delete(key);
  }

  /** Keys with messages waiting (for tests and a sense of size). */
  get waitingKeys(): number {
    return this.waiting.size;
  }

  /**
   * Drops what was not seen again in time, for every key: a key whose messages went to another
   * replica may never come back here, and its entries would stay forever. At most once a second.
   */
  private forgetStale(now: number): void {
    if (now - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    for (const [key, entries] of this.waiting) {
      for (const [waiting, back] of entries) if (back + FORGET_AFTER_MS < now) entries.delete(waiting);
      if (entries.size === 0) this.waiting.delete(key);
    }
  }

  private entries(key: string): Map<number, number> {
    let entries = this.waiting.get(key);
    if (!entries) this.waiting.set(key, (entries = new Map()));
    return entries;
  }
}

/**
 * Keeps the events of one key (an aggregate stream) in order while different keys run
 * concurrently. A key whose event failed and waits for redelivery is "held": its later events are
 * not handled before the failed one succeeds or is dead-lettered.
 */
const HELD_MARGIN_MS = 250;

export class KeyedOrdering {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly held = new Map<string, { sequence: number; retryAt: number }>();

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

  /** Marks `key` as waiting for the message at `sequence`, redelivered at `retryAt` (epoch ms). */
  hold(key: string, sequence: number, retryAt: number): void {
    const current = this.held.get(key);
    if (current === undefined || sequence <= current.sequence) this.held.set(key, { sequence, retryAt });
  }

  /**
   * How long a message of `key` must wait because an earlier one of the same key is being retried
   * (a little past that one's redelivery, so it comes back first), or 0 when it may run now.
   */
  waitFor(key: string, sequence: number, now = Date.now()): number {
    const held = this.held.get(key);
    if (held === undefined || sequence <= held.sequence) return 0;
    return Math.max(held.retryAt - now, 0) + HELD_MARGIN_MS;
  }

  release(key: string, sequence: number): void {
    if (this.held.get(key)?.sequence === sequence) this.held.delete(key);
  }
}

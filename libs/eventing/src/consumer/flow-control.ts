import type { EventEnvelope } from '@switchboard/contracts';
import type { KeySemaphore, RateLimiter } from '@switchboard/durable';
import type { EventHandlerOptions } from './event-handler.js';

/** A held per-key concurrency slot. */
export interface Slot {
  renew(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Waits for a per-key concurrency slot, then for the rate limit, so that an admitted start is
 * the handler's start (rate limits count starts). The slot's lease lasts one ack wait and is
 * renewed with the progress acks: a replica that dies frees it when its message is redelivered.
 */
export async function enterFlowControl(
  deps: { semaphore: KeySemaphore; rateLimiter: RateLimiter },
  options: Pick<EventHandlerOptions, 'rateLimit' | 'keyConcurrency'>,
  event: EventEnvelope,
  ackWaitMs: number,
): Promise<Slot | undefined> {
  const { rateLimit, keyConcurrency } = options;
  let slot: Slot | undefined;
  if (keyConcurrency) {
    const key = keyConcurrency.key(event);
    const lease = await deps.semaphore.acquire(key, keyConcurrency.limit, ackWaitMs);
    slot = {
      renew: () => deps.semaphore.renew(key, lease, ackWaitMs),
      release: () => deps.semaphore.release(key, lease),
    };
  }
  try {
    if (rateLimit) await deps.rateLimiter.start(rateLimit.key(event), rateLimit);
  } catch (error) {
    await slot?.release();
    throw error;
  }
  return slot;
}

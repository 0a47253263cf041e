import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import { type ClaimedDeferral, type DeferredDeliveries, type KeySemaphore, type RateLimiter, WakeableSleep } from '@switchboard/durable';
import type { JsMsg } from 'nats';
import { DeferredMessage, storedDelivery } from './deferred-message.js';
import type { EventHandlerOptions } from './event-handler.js';
import { enterFlowControl, type Slot } from './flow-control.js';

export const DEFERRED = Symbol('deferred');

/** Starts at most this far ahead are waited for in hand; later ones are deferred. */
const DEFAULT_DEFER_AFTER_MS = 1_000;
/** Longest sleep between looks for due work, so work deferred by other replicas is seen. */
const MAX_SLEEP_MS = 500;
/** Shortest, so due rows another replica holds locked do not make the loop spin. */
const MIN_SLEEP_MS = 50;

type RateLimited = EventHandlerOptions & { rateLimit: NonNullable<EventHandlerOptions['rateLimit']> };

export interface RateDeferralDeps {
  rateLimiter: RateLimiter;
  semaphore: KeySemaphore;
  deferrals: DeferredDeliveries;
}

/**
 * Rate-limited admission that keeps a consumer's max ack pending for work that can start now.
 * A delivery whose start is further ahead than `deferAfterMs` reserves the key's next free start,
 * is recorded as deferred (PostgreSQL) and only then acked, so one key's backlog never fills the
 * consumer's deliveries in hand and other keys go at their own rate. This consumer's loop hands
 * due deferrals back to the consumer's handling path; the inbox dedupes as for any redelivery.
 */
export class RateDeferral {
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private consumer = '';
  private readonly pause = new WakeableSleep();
  private loop?: Promise<void>;

  constructor(
    private readonly deps: RateDeferralDeps,
    private readonly options: RateLimited,
    private readonly ackWaitMs: number,
    private readonly concurrency: number,
  ) {
    this.logger = new Logger(`deferrals ${options.durable}`);
  }

  private get deferAfterMs() {
    return this.options.rateLimit.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
  }

  /** A concurrency slot (if the handler has one) once the handler may start, or DEFERRED (acked, nothing to do). */
  async admit(message: JsMsg, event: EventEnvelope): Promise<Slot | undefined | typeof DEFERRED> {
    const slot = await enterFlowControl(this.deps, { keyConcurrency: this.options.keyConcurrency }, event, this.ackWaitMs);
    try {
      if (await this.startOrDefer(message, event)) return slot;
    } catch (error) {
      await slot?.release();
      throw error;
    }
    await slot?.release();
    return DEFERRED;
  }

  /** Begins handing this consumer's due deferrals to `dispatch`. */
  start(consumer: string, dispatch: (message: JsMsg) => Promise<void>): void {
    this.consumer = consumer;
    this.loop ??= this.run(dispatch);
  }

  /** Stops claiming; lets claimed deliveries finish. */
  async stop(): Promise<void> {
    this.pause.stop();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async startOrDefer(message: JsMsg, event: EventEnvelope): Promise<boolean> {
    const { rateLimit } = this.options;
    if (message instanceof DeferredMessage && message.claimed.reserved) {
      if (Date.now() - message.claimed.dueAt.getTime() <= this.deferAfterMs) return true;
      // Too late for its reserved start (no replica ran meanwhile): starting now would bunch it
      // with the key's next starts, so it gives the place back and queues again.
      await this.deps.deferrals.releaseStart(message.claimed);
    }
    const key = rateLimit.key(event);
    if (await this.deps.rateLimiter.startWithin(key, rateLimit, this.deferAfterMs)) return true;
    await this.defer(message, event, key);
    return false;
  }

  private async defer(message: JsMsg, event: EventEnvelope, key: string): Promise<void> {
    const rate = this.options.rateLimit;
    if (message instanceof DeferredMessage) {
      await this.deps.deferrals.defer(message.claimed, rate, message.claimed.claim);
      message.redeferred();
    } else {
      const deferral = {
        consumer: this.consumer,
        eventId: event.id,
        eventType: event.type,
        key,
        attempt: message.info.redeliveryCount,
        delivery: storedDelivery(message),
      };
      await this.deps.deferrals.defer(deferral, rate);
      // Acked only once the deferral is committed: a crash before leaves the message to JetStream,
      // and its redelivery finds the row and keeps its place.
      message.ack();
    }
  }

  private async run(dispatch: (message: JsMsg) => Promise<void>): Promise<void> {
    while (!this.pause.stopped) {
      const room = this.concurrency - this.inFlight.size;
      if (room <= 0) {
        await Promise.race(this.inFlight);
        continue;
      }
      let claimed: ClaimedDeferral[] = [];
      try {
        claimed = await this.deps.deferrals.claimDue(this.consumer, room, this.ackWaitMs);
      } catch (error) {
        this.logger.warn(`could not claim deferred deliveries: ${String(error)}`);
      }
      for (const row of claimed) this.track(dispatch, new DeferredMessage(row, this.deps.deferrals, this.ackWaitMs, this.logger));
      if (claimed.length < room && !this.pause.stopped) await this.sleepUntilNextDue();
    }
  }

  private track(dispatch: (message: JsMsg) => Promise<void>, message: DeferredMessage): void {
    const task: Promise<void> = dispatch(message)
      .then(() => message.written())
      .catch((error) => this.logger.warn(`deferred ${message.claimed.eventId} failed: ${String(error)}`))
      .finally(() => {
        this.inFlight.delete(task);
        this.pause.wake();
      });
    this.inFlight.add(task);
  }

  private async sleepUntilNextDue(): Promise<void> {
    const next = await this.deps.deferrals.nextDueAt(this.consumer).catch(() => undefined);
    const untilDue = next ? next.getTime() - Date.now() : MAX_SLEEP_MS;
    const wait = Math.min(MAX_SLEEP_MS, Math.max(MIN_SLEEP_MS, untilDue));
    await this.pause.sleep(wait);
  }
}


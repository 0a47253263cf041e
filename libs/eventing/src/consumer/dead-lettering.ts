import type { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import { deadLettersParked } from '@switchboard/telemetry';
import type { JsMsg } from 'nats';
import type { DeadLetterReason, DeadLetters } from '../dead-letter/dead-letters.js';
import type { FailureEvents } from '../dead-letter/failure-events.js';

const RETRY_PARK_MS = 1_000;

export interface GiveUp {
  reason: DeadLetterReason;
  error: unknown;
  attempts: number;
  /** The errors of the attempts before this one, oldest first. */
  earlierErrors?: { attempt: number; error: string }[];
}

export interface DeadLetteringDeps {
  deadLetters: DeadLetters;
  failures: FailureEvents;
}

/**
 * Gives up on a message: parks it in the DLQ, announces `<type>.failed`, and only then terms it.
 * A message that could not be parked is never termed: JetStream delivers it again, or, on the
 * last delivery it will make, this replica keeps it and tries again until the park succeeds.
 */
export class DeadLettering {
  constructor(
    private readonly deps: DeadLetteringDeps,
    private readonly logger: Logger,
    private readonly consumer: () => string,
    /** The server's max_deliver: on that delivery a nak brings nothing back. */
    private readonly maxDeliver: number,
    private readonly stopping: () => boolean,
  ) {}

  /** True once parked and termed. */
  async giveUp(message: JsMsg, why: GiveUp, event?: EventEnvelope): Promise<boolean> {
    const error = why.error instanceof Error ? `${why.error.name}: ${why.error.message}` : String(why.error);
    const letter = { ...why, consumer: this.consumer(), error, eventId: event?.id };
    this.logger.error(`dead-lettering ${message.subject} #${message.seq} (${letter.reason}): ${error}`);
    for (;;) {
      try {
        await this.deps.deadLetters.park(message, letter);
        deadLettersParked.inc({ consumer: letter.consumer, reason: letter.reason });
        if (event) await this.deps.failures.publish(event, { consumer: letter.consumer, reason: letter.reason, error, attempts: letter.attempts });
        // A bare term(): NATS 2.9.10 ignores a term that carries a reason and redelivers the
        // message until max_deliver. The reason lives in the dead letter's headers instead.
        message.term();
        return true;
      } catch (parkError) {
        this.logger.error(`could not dead-letter #${message.seq}: ${String(parkError)}`);
        if (message.info.redeliveryCount < this.maxDeliver) {
          message.nak(RETRY_PARK_MS);
          return false;
        }
        // The last delivery: kept alive by the caller, so retrying here loses nothing.
        if (this.stopping()) return false;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PARK_MS));
      }
    }
  }
}

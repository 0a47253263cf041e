import type { EventEnvelope } from '@switchboard/contracts';
import { ErrorCode, headers as natsHeaders, type JetStreamClient, NatsError } from 'nats';
import { DEAD_LETTER_HEADERS } from '../dead-letter/dead-letters.js';
import { deadLetterSubject } from '../provisioning/names.js';

/** The dead-letter reason of an event the relay could not publish; `ops dlq` shows it. */
export const UNPUBLISHABLE = 'unpublishable';

/**
 * Whether JetStream will refuse this event however often it is retried. Only size is such a
 * refusal: every other publish failure (no stream, timeout, lost connection) passes.
 */
export function isUnpublishable(error: unknown): boolean {
  return error instanceof NatsError && error.code === ErrorCode.MaxPayloadExceeded;
}

/**
 * Parks, in the DLQ stream, an event the relay can never publish, so that the relay moves on
 * instead of retrying it forever and holding back every event after it. The event itself cannot
 * go there (it is what is too large): the letter carries its envelope without the payload, its
 * size and the reason; the store keeps the whole event.
 */
export class UnpublishableEvents {
  constructor(
    private readonly js: JetStreamClient,
    private readonly options: { namespace: string; schema: string; stream: string },
  ) {}

  /** The DLQ "consumer" of the relay of this store. */
  get consumer(): string {
    return `${this.options.schema}-relay`;
  }

  async park(event: EventEnvelope, subject: string, bytes: number, error: unknown): Promise<void> {
    const { payload: _payload, ...envelope } = event;
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.reason, UNPUBLISHABLE);
    h.set(DEAD_LETTER_HEADERS.error, `${String(error)}: the event is ${bytes} bytes, over the NATS max payload`);
    h.set(DEAD_LETTER_HEADERS.attempts, '1');
    h.set(DEAD_LETTER_HEADERS.consumer, this.consumer);
    h.set(DEAD_LETTER_HEADERS.subject, subject);
    h.set(DEAD_LETTER_HEADERS.stream, this.options.stream);
    h.set(DEAD_LETTER_HEADERS.eventId, event.id);
    const letter = { ...envelope, payloadBytes: bytes, storedIn: `${this.options.schema}.events` };
    // One letter per event, however often a crash before the checkpoint makes the relay retry.
    await this.js.publish(deadLetterSubject(this.options.namespace, this.consumer), JSON.stringify(letter), {
      headers: h,
      msgID: `dlq:relay:${event.id}`,
    });
  }
}

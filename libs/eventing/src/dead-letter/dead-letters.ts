import { headers as natsHeaders, type JetStreamClient, type JsMsg } from 'nats';
import { deadLetterSubject } from '../provisioning/names.js';

export type DeadLetterReason = 'non-retriable' | 'attempts-exhausted' | 'max-deliveries' | 'undecodable';

export interface DeadLetter {
  consumer: string;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
  eventId?: string;
  /** The errors of the earlier attempts, oldest first. */
  earlierErrors?: { attempt: number; error: string }[];
}

/** Header names on a dead letter; docs/operations.md shows them in `nats stream view` output. */
export const DEAD_LETTER_HEADERS = {
  reason: 'Sb-Dlq-Reason',
  error: 'Sb-Dlq-Error',
  attempts: 'Sb-Dlq-Attempts',
  consumer: 'Sb-Dlq-Consumer',
  subject: 'Sb-Dlq-Original-Subject',
  stream: 'Sb-Dlq-Original-Stream',
  sequence: 'Sb-Dlq-Original-Seq',
  eventId: 'Sb-Event-Id',
  attemptErrors: 'Sb-Dlq-Attempt-Errors',
} as const;

const MAX_ERROR_HEADER = 1_024;
const MAX_ATTEMPT_ERRORS_HEADER = 4_096;

/**
 * Parks a message that cannot be processed in the DLQ stream, with the original bytes and why,
 * so an operator can inspect and redrive it. Publishing is deduplicated per consumer and message,
 * so a crash between parking and terminating the original does not park it twice.
 */
export class DeadLetters {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: string,
  ) {}

  async park(message: JsMsg, letter: DeadLetter): Promise<void> {
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.reason, letter.reason);
    h.set(DEAD_LETTER_HEADERS.error, oneLine(letter.error).slice(0, MAX_ERROR_HEADER));
    h.set(DEAD_LETTER_HEADERS.attempts, String(letter.attempts));
    h.set(DEAD_LETTER_HEADERS.consumer, letter.consumer);
    h.set(DEAD_LETTER_HEADERS.subject, message.subject);
    h.set(DEAD_LETTER_HEADERS.stream, message.info.stream);
    h.set(DEAD_LETTER_HEADERS.sequence, String(message.seq));
    if (letter.eventId) h.set(DEAD_LETTER_HEADERS.eventId, letter.eventId);
    const everyAttempt = [...(letter.earlierErrors ?? []), { attempt: letter.attempts, error: letter.error }].map((e) => ({
      attempt: e.attempt,
      error: oneLine(e.error).slice(0, 300),
    }));
    h.set(DEAD_LETTER_HEADERS.attemptErrors, JSON.stringify(everyAttempt).slice(0, MAX_ATTEMPT_ERRORS_HEADER));
    for (const [key, values] of message.headers ?? []) {
      if (key.toLowerCase() !== 'nats-msg-id') for (const value of values) h.append(key, value);
    }
    await this.js.publish(deadLetterSubject(this.namespace, letter.consumer), message.data, {
      headers: h,
      msgID: `dlq:${message.info.stream}:${message.seq}:${letter.consumer}`,
    });
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

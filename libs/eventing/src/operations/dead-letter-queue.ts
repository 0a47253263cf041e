import { headers as natsHeaders, type JetStreamClient, type JetStreamManager, type StoredMsg } from 'nats';
import { DEAD_LETTER_HEADERS } from '../dead-letter/dead-letters.js';
import { deadLetterStreamName } from '../provisioning/names.js';
import { UNPUBLISHABLE } from '../relay/unpublishable-events.js';

export interface DeadLetterSummary {
  seq: number;
  parkedAt: Date;
  consumer: string;
  reason: string;
  attempts: number;
  error: string;
  eventId?: string;
  originalSubject: string;
}

export interface DeadLetterDetail extends DeadLetterSummary {
  headers: Record<string, string>;
  payload: unknown;
  attemptErrors: { attempt: number; error: string }[];
}

/** What operators do with dead letters: list them, look at one, and send it back to be handled. */
export class DeadLetterQueue {
  private readonly stream: string;

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
    namespace: string,
  ) {
    this.stream = deadLetterStreamName(namespace);
  }

  async list(limit = 100): Promise<DeadLetterSummary[]> {
    const { state } = await this.jsm.streams.info(this.stream);
    const letters: DeadLetterSummary[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && letters.length < limit; seq++) {
      const message = await this.get(seq);
      if (message) letters.push(summarize(message));
    }
    return letters;
  }

  async show(seq: number): Promise<DeadLetterDetail | undefined> {
    const message = await this.get(seq);
    if (!message) return undefined;
    const all: Record<string, string> = {};
    for (const [key, values] of message.header ?? []) all[key] = values.join(', ');
    let payload: unknown;
    try {
      payload = message.json();
    } catch {
      payload = message.string();
    }
    const attemptErrors = JSON.parse(message.header.get(DEAD_LETTER_HEADERS.attemptErrors) || '[]');
    return { ...summarize(message), headers: all, payload, attemptErrors };
  }

  /**
   * Publishes the original message to its original subject again and removes the dead letter.
   * Every consumer of that subject receives it; those that had handled it find it in their inbox.
   */
  async redrive(seq: number): Promise<{ redriven: boolean; removed: boolean; refused?: string }> {
    const message = await this.get(seq);
    if (!message) return { redriven: false, removed: false };
    // Such a letter holds only the envelope of an event JetStream refused: sending it would publish a stub.
    if (message.header.get(DEAD_LETTER_HEADERS.reason) === UNPUBLISHABLE) {
      return { redriven: false, removed: false, refused: 'an event too large to publish: the store keeps it, it cannot be redriven' };
    }
    const h = natsHeaders();
    for (const [key, values] of message.header ?? []) {
      if (!key.startsWith('Sb-Dlq-')) for (const value of values) h.append(key, value);
    }
    await this.js.publish(message.header.get(DEAD_LETTER_HEADERS.subject), message.data, {
      headers: h,
      msgID: `redrive:${this.stream}:${seq}`,
    });
    const removed = await this.jsm.streams.deleteMessage(this.stream, seq, false).catch(() => false);
    return { redriven: true, removed };
  }

  /** Removes a dead letter for good (an operator decided it must not be handled); false when there was none. */
  async discard(seq: number): Promise<boolean> {
    if (!(await this.get(seq))) return false;
    return this.jsm.streams.deleteMessage(this.stream, seq, false);
  }

  private get(seq: number): Promise<StoredMsg | undefined> {
    return this.jsm.streams.getMessage(this.stream, { seq }).catch(() => undefined);
  }
}

function summarize(message: StoredMsg): DeadLetterSummary {
  const h = message.header;
  return {
    seq: message.seq,
    parkedAt: message.time,
    consumer: h.get(DEAD_LETTER_HEADERS.consumer),
    reason: h.get(DEAD_LETTER_HEADERS.reason),
    attempts: Number(h.get(DEAD_LETTER_HEADERS.attempts)),
    error: h.get(DEAD_LETTER_HEADERS.error),
    eventId: h.get(DEAD_LETTER_HEADERS.eventId) || undefined,
    originalSubject: h.get(DEAD_LETTER_HEADERS.subject),
  };
}

import { Injectable } from '@nestjs/common';
import { DeadLetterQueue, type DeadLetterSummary, EventingRuntime, NatsClient } from '@switchboard/eventing';

const SCAN_LIMIT = 100_000;

/** The namespace's DLQ over the gateway's NATS connection, and its letters filtered. */
@Injectable()
export class DeadLetterAccess {
  constructor(
    private readonly nats: NatsClient,
    private readonly eventing: EventingRuntime,
  ) {}

  async queue(): Promise<DeadLetterQueue> {
    const connection = await this.nats.connected;
    return new DeadLetterQueue(await connection.jetstreamManager(), connection.jetstream(), this.eventing.options.namespace);
  }

  /** Letters parked by a consumer (its name with or without the namespace), on a subject containing `subject`, or of some events. */
  async matching(filter: { consumer?: string; subject?: string; eventIds?: Set<string> }, limit = SCAN_LIMIT): Promise<DeadLetterSummary[]> {
    const letters = await (await this.queue()).list(SCAN_LIMIT).catch(() => []);
    return letters
      .filter((l) => !filter.consumer || l.consumer === filter.consumer || l.consumer.endsWith(`_${filter.consumer}`))
      .filter((l) => !filter.subject || l.originalSubject.includes(filter.subject))
      .filter((l) => !filter.eventIds || (l.eventId !== undefined && filter.eventIds.has(l.eventId)))
      .slice(0, limit);
  }
}

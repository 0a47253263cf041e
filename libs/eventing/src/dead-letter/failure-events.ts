import type { EventEnvelope } from '@switchboard/contracts';
import { newEventId } from '@switchboard/contracts';
import type { JetStreamClient } from 'nats';
import { wireSubject } from '../provisioning/names.js';

export interface HandlerFailure {
  consumer: string;
  reason: string;
  error: string;
  attempts: number;
}

/** Payload of `<type>.failed` v1: which consumer gave up on which event, and why. */
export interface HandlerFailedPayload extends HandlerFailure {
  eventId: string;
  eventType: string;
  eventVersion: number;
}

/**
 * Announces that a consumer gave up on an event, as `<type>.failed` v1 on the event's own domain
 * stream, so the owning service (or an operator's tail) can react. It is deduplicated per
 * consumer and event.
 */
export class FailureEvents {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: string,
    private readonly producer: string,
  ) {}

  async publish(event: EventEnvelope, failure: HandlerFailure): Promise<void> {
    const failed: EventEnvelope<HandlerFailedPayload> = {
      id: newEventId(),
      type: `${event.type}.failed`,
      version: 1,
      streamId: event.streamId,
      streamPosition: event.streamPosition,
      occurredAt: new Date().toISOString(),
      correlationId: event.correlationId,
      causationId: event.id,
      producer: this.producer,
      traceparent: event.traceparent,
      payload: { ...failure, eventId: event.id, eventType: event.type, eventVersion: event.version },
    };
    await this.js.publish(wireSubject(this.namespace, `${failed.type}.v1`), JSON.stringify(failed), {
      msgID: `failed:${event.id}:${failure.consumer}`,
    });
  }
}

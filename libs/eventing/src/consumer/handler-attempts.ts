import type { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import type { ScheduledRetries } from '@switchboard/durable';
import type { JsMsg } from 'nats';

export type AttemptError = { attempt: number; error: string };

/**
 * The handler's own attempts at an event, counted in PostgreSQL (the failures noted in
 * scheduled_retries): JetStream's delivery count also counts every time a message was sent back
 * to wait for an earlier event of its aggregate, which must not use up its retries.
 */
export class HandlerAttempts {
  constructor(
    private readonly retries: ScheduledRetries,
    private readonly consumer: () => string,
    private readonly logger: Logger,
  ) {}

  /** 1 on the first delivery (no query), else one past the failures noted so far. */
  async current(message: JsMsg, event: EventEnvelope): Promise<number> {
    if (message.info.redeliveryCount === 1) return 1;
    const failures = await this.retries.failures(this.consumer(), event.id);
    return (failures.at(-1)?.attempt ?? 0) + 1;
  }

  /** The errors of the attempts before `attempt`, for the dead letter. */
  async earlierErrors(event: EventEnvelope, attempt: number): Promise<AttemptError[]> {
    if (attempt === 1) return [];
    return this.retries.failures(this.consumer(), event.id).catch((error) => {
      this.logger.warn(`could not read the earlier attempts: ${String(error)}`);
      return [];
    });
  }

  async failed(event: EventEnvelope, attempt: number, delayMs: number, error: unknown): Promise<void> {
    await this.retries
      .note({
        consumer: this.consumer(),
        eventId: event.id,
        eventType: event.type,
        attempt,
        nextAttemptAt: new Date(Date.now() + delayMs),
        lastError: String(error),
      })
      .catch((noteError) => this.logger.warn(`could not note the retry: ${String(noteError)}`));
  }

  /** The event succeeded or was parked. */
  async done(event: EventEnvelope, attempt: number): Promise<void> {
    if (attempt === 1) return;
    await this.retries
      .clear(this.consumer(), event.id)
      .then(() => undefined)
      .catch((clearError) => this.logger.warn(`could not clear the retry: ${String(clearError)}`));
  }
}

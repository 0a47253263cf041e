import type { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@switchboard/contracts';
import type { FailedAttempts, ScheduledRetries } from '@switchboard/durable';
import type { JsMsg } from 'nats';

export type AttemptError = { attempt: number; error: string };

/** An error as a line of the attempt log: its name and message, never its stack or the event's payload. */
const errorLine = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The handler's own attempts at an event, counted in PostgreSQL (the failures noted in
 * scheduled_retries): JetStream's delivery count also counts every time a message was sent back
 * to wait for an earlier event of its aggregate, which must not use up its retries. Each failed
 * attempt is also logged (failed_attempts), where it outlives the retry note for the run's history.
 */
export class HandlerAttempts {
  constructor(
    private readonly retries: ScheduledRetries,
    private readonly log: FailedAttempts,
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

  /** The attempt failed and is tried again in `delayMs`. */
  async failed(event: EventEnvelope, attempt: number, delayMs: number, error: unknown): Promise<void> {
    const failedAt = new Date();
    const nextAttemptAt = new Date(failedAt.getTime() + delayMs);
    const note = this.retries
      .note({ consumer: this.consumer(), eventId: event.id, eventType: event.type, attempt, nextAttemptAt, lastError: String(error) })
      .catch((noteError) => this.logger.warn(`could not note the retry: ${String(noteError)}`));
    await Promise.all([note, this.logged(event, attempt, error, failedAt, nextAttemptAt)]);
  }

  /** The attempt failed and the handler gives up on the event (it is being dead-lettered). */
  gaveUp(event: EventEnvelope, attempt: number, error: unknown): Promise<void> {
    return this.logged(event, attempt, error, new Date(), null);
  }

  /** The event succeeded or was parked. */
  async done(event: EventEnvelope, attempt: number): Promise<void> {
    if (attempt === 1) return;
    await this.retries
      .clear(this.consumer(), event.id)
      .then(() => undefined)
      .catch((clearError) => this.logger.warn(`could not clear the retry: ${String(clearError)}`));
  }

  /** History only: a failed write is a warning, never a reason to treat the delivery differently. */
  private logged(event: EventEnvelope, attempt: number, error: unknown, failedAt: Date, nextAttemptAt: Date | null): Promise<void> {
    const { id: eventId, type: eventType, correlationId = null } = event;
    return this.log
      .record({ consumer: this.consumer(), eventId, eventType, correlationId, attempt, error: errorLine(error), failedAt, nextAttemptAt })
      .catch((logError) => this.logger.warn(`could not log the failed attempt: ${String(logError)}`));
  }
}

import pg from 'pg';
import type { RetentionRule } from '../retention/retention.js';

export interface FailedAttempt {
  consumer: string;
  eventId: string;
  eventType: string;
  /** The run the event belongs to: what a run's page asks by. */
  correlationId: string | null;
  attempt: number;
  /** The error's message only (no stack, no payload), bounded. */
  error: string;
  failedAt: Date;
  /** When the handler tries again; null when it gave up (the event was dead-lettered). */
  nextAttemptAt: Date | null;
}

/** Longest error kept per attempt: a message, not a dump. */
const MAX_ERROR = 500;

/**
 * The log of a service's failed handler attempts, one row per attempt. scheduled_retries holds
 * only what is still to come and forgets an event once it succeeds or is parked; this keeps every
 * attempt for as long as the inbox keeps its record, so a run's history shows what failed and when
 * it was tried again.
 */
export class FailedAttempts {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.failed_attempts`;
  }

  async record(a: FailedAttempt): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (consumer, event_id, event_type, correlation_id, attempt, error, failed_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [a.consumer, a.eventId, a.eventType, a.correlationId, a.attempt, a.error.slice(0, MAX_ERROR), a.failedAt, a.nextAttemptAt],
    );
  }

  /** A run's latest failed attempts (up to `limit`), oldest first. */
  async ofRun(correlationId: string, limit = 200): Promise<FailedAttempt[]> {
    const { rows } = await this.pool.query<FailedAttempt>(
      `SELECT consumer, event_id AS "eventId", event_type AS "eventType", correlation_id AS "correlationId", attempt, error,
              failed_at AS "failedAt", next_attempt_at AS "nextAttemptAt"
       FROM ${this.table} WHERE correlation_id = $1 ORDER BY failed_at DESC, attempt DESC LIMIT $2`,
      [correlationId, limit],
    );
    return rows.reverse();
  }
}

/** The attempt log is kept like the inbox (days): long enough to explain a run, then deleted. */
export function failedAttemptsRetentionRule(schema: string, keepMs: number): RetentionRule {
  return { table: `${pg.escapeIdentifier(schema)}.failed_attempts`, column: 'failed_at', keepMs };
}

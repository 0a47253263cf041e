import pg from 'pg';

export interface ScheduledRetry {
  consumer: string;
  eventId: string;
  eventType: string;
  attempt: number;
  nextAttemptAt: Date;
  lastError: string;
}

/**
 * The retries JetStream is holding back (a nak with a delay is invisible in the stream): noted
 * when a handler fails and cleared when the event finally succeeds or is dead-lettered.
 */
export class ScheduledRetries {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.scheduled_retries`;
  }

  async note(retry: ScheduledRetry): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} AS scheduled_retries (consumer, event_id, event_type, attempt, next_attempt_at, last_error, errors)
       VALUES ($1, $2, $3, $4, $5, $6, jsonb_build_array(jsonb_build_object('attempt', $4::int, 'error', $6::text)))
       ON CONFLICT (consumer, event_id) DO UPDATE SET attempt = EXCLUDED.attempt,
         next_attempt_at = EXCLUDED.next_attempt_at, last_error = EXCLUDED.last_error,
         errors = scheduled_retries.errors || EXCLUDED.errors`,
      [retry.consumer, retry.eventId, retry.eventType, retry.attempt, retry.nextAttemptAt, retry.lastError.slice(0, 2_000)],
    );
  }

  /**
   * The failed attempts noted for the event, oldest first (none before its first failure): the
   * handler's own attempt count, which JetStream's delivery count is not (it counts every delivery).
   */
  async failures(consumer: string, eventId: string): Promise<{ attempt: number; error: string }[]> {
    const { rows } = await this.pool.query(`SELECT errors FROM ${this.table} WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
    return rows[0]?.errors ?? [];
  }

  /** Forgets the event's retries; returns the error of every failed attempt noted so far. */
  async clear(consumer: string, eventId: string): Promise<{ attempt: number; error: string }[]> {
    const { rows } = await this.pool.query(
      `DELETE FROM ${this.table} WHERE consumer = $1 AND event_id = $2 RETURNING errors`,
      [consumer, eventId],
    );
    return rows[0]?.errors ?? [];
  }

  async list(limit = 100): Promise<ScheduledRetry[]> {
    const { rows } = await this.pool.query(
      `SELECT consumer, event_id AS "eventId", event_type AS "eventType", attempt,
              next_attempt_at AS "nextAttemptAt", last_error AS "lastError"
       FROM ${this.table} ORDER BY next_attempt_at LIMIT $1`,
      [limit],
    );
    return rows;
  }
}

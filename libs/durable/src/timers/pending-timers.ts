import pg from 'pg';

export interface PendingTimer {
  key: string;
  kind: 'at' | 'debounce' | 'every';
  fireAt: Date;
  streamId: string;
  eventType: string;
  repeatEveryMs: number | null;
  /** The workflow run the timer belongs to (the correlation id its event will carry), when given. */
  correlationId: string | null;
  /** A debounce's first call in the current burst: it fires by this time plus its max wait, however busy the key. */
  firstScheduledAt: Date | null;
  /** A debounce's max wait, as its last call gave it; null for the other kinds. */
  maxWaitMs: number | null;
  /** When a debounce fires at the latest (its burst's first call plus its max wait), however busy the key; null for the other kinds. */
  latestFireAt: Date | null;
}

export interface ParkedTimer extends PendingTimer {
  parkedAt: Date;
  /** Why the store refused its event. Scheduling the key again (or, for `every`, registering it) revives it. */
  error: string;
}

const COLUMNS = `key, kind, fire_at, stream_id, event->>'type' AS event_type, repeat_every_ms::float8 AS repeat_every_ms, correlation_id, first_scheduled_at,
  max_wait_ms::float8 AS max_wait_ms, first_scheduled_at + max_wait_ms * interval '1 millisecond' AS latest_fire_at`;

/** Timers waiting to fire in a schema, soonest first. */
export async function pendingTimers(pool: pg.Pool, schema: string, limit = 100): Promise<PendingTimer[]> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS} FROM ${pg.escapeIdentifier(schema)}.timers WHERE parked_at IS NULL ORDER BY fire_at LIMIT $1`,
    [limit],
  );
  return rows.map(toPending);
}

/** Timers set aside because their event no longer validates, most recently parked first. */
export async function parkedTimers(pool: pg.Pool, schema: string, limit = 100): Promise<ParkedTimer[]> {
  const { rows } = await pool.query(
    `SELECT ${COLUMNS}, parked_at, park_error FROM ${pg.escapeIdentifier(schema)}.timers
     WHERE parked_at IS NOT NULL ORDER BY parked_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({ ...toPending(row), parkedAt: row.parked_at, error: row.park_error }));
}

function toPending(row: Record<string, unknown>): PendingTimer {
  return {
    key: row.key as string,
    kind: row.kind as PendingTimer['kind'],
    fireAt: row.fire_at as Date,
    streamId: row.stream_id as string,
    eventType: row.event_type as string,
    repeatEveryMs: row.repeat_every_ms as number | null,
    correlationId: (row.correlation_id as string | null) ?? null,
    firstScheduledAt: (row.first_scheduled_at as Date | null) ?? null,
    maxWaitMs: (row.max_wait_ms as number | null) ?? null,
    latestFireAt: (row.latest_fire_at as Date | null) ?? null,
  };
}

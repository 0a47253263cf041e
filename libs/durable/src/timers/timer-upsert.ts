import { currentTraceContext } from '@switchboard/telemetry';
import type pg from 'pg';
import type { TimerRequest } from './durable-timers.js';

/**
 * Writes a one-off (`replace`) or debounced timer's row, replacing or reviving the key's; the
 * caller holds the key's lock.
 */
export async function upsertTimer(
  table: string,
  now: Date,
  request: TimerRequest,
  at: Date,
  tx: Pick<pg.PoolClient, 'query'>,
  mode: 'replace' | 'debounce',
  maxWaitMs = 0,
): Promise<void> {
  // A debounced key keeps the time of the first call of its burst, which caps how late it fires
  // (a parked one starts a new burst: its old first call says nothing about this one). Its max wait
  // is kept too, as the last call gave it, so "fires by" can be shown; a one-off timer has none.
  const [fireAt, firstScheduled] =
    mode === 'replace'
      ? ['EXCLUDED.fire_at', 'EXCLUDED.first_scheduled_at']
      : [
          `CASE WHEN timers.parked_at IS NULL THEN LEAST(EXCLUDED.fire_at, timers.first_scheduled_at + make_interval(secs => $9::float8 / 1000)) ELSE EXCLUDED.fire_at END`,
          'CASE WHEN timers.parked_at IS NULL THEN timers.first_scheduled_at ELSE EXCLUDED.first_scheduled_at END',
        ];
  // The timer fires in the trace that (last) scheduled it, so a workflow's waits stay in its trace.
  const { traceparent, tracestate } = currentTraceContext();
  await tx.query(
    `INSERT INTO ${table} AS timers (key, kind, fire_at, stream_id, event, correlation_id, repeat_every_ms, first_scheduled_at, traceparent, tracestate, max_wait_ms)
     VALUES ($1, '${mode === 'replace' ? 'at' : 'debounce'}', $2, $3, $4, $5, NULL, $6, $7, $8, ${mode === 'replace' ? 'NULL' : '$9::bigint'})
     ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, fire_at = ${fireAt}, stream_id = EXCLUDED.stream_id, event = EXCLUDED.event,
       correlation_id = EXCLUDED.correlation_id, repeat_every_ms = NULL, traceparent = EXCLUDED.traceparent, tracestate = EXCLUDED.tracestate,
       first_scheduled_at = ${firstScheduled}, max_wait_ms = EXCLUDED.max_wait_ms, parked_at = NULL, park_error = NULL, updated_at = now()`,
    [
      request.key,
      at,
      request.streamId,
      request.event,
      request.correlationId ?? null,
      now,
      traceparent ?? null,
      tracestate ?? null,
      ...(mode === 'debounce' ? [maxWaitMs] : []),
    ],
  );
}

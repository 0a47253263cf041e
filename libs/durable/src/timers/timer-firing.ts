import type { Logger } from '@nestjs/common';
import type { EventStore } from '@switchboard/event-store';
import type pg from 'pg';
import { type DueRow, parkTimers, partitionByValidity } from './timer-parking.js';

/**
 * The one firing path of a timer, for its due time and for a "run now": its event is appended with
 * the timer as its cause (`timer:<key>`) in the trace that scheduled it, and a row whose event the
 * store refuses is parked instead. Returns the rows that fired; the caller then removes or
 * reschedules them (or, for a run now, leaves them as they are).
 */
export async function appendFirings(store: EventStore, tx: pg.PoolClient, table: string, rows: DueRow[], logger: Logger): Promise<DueRow[]> {
  const [valid, refused] = partitionByValidity(store, rows);
  await store.appendToStreams(
    valid.map((row) => ({
      streamId: row.stream_id,
      event: row.event,
      correlationId: row.correlation_id ?? undefined,
      causationId: `timer:${row.key}`,
      trace: row.traceparent ? { traceparent: row.traceparent, tracestate: row.tracestate ?? undefined } : undefined,
    })),
    tx,
  );
  if (refused.length > 0) await parkTimers(tx, table, refused, logger);
  return valid;
}

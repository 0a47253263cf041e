import type { Logger } from '@nestjs/common';
import type { NewEvent } from '@switchboard/contracts';
import type { EventStore } from '@switchboard/event-store';
import { metricsRegistry } from '@switchboard/telemetry';
import type pg from 'pg';
import { Counter } from 'prom-client';

export interface DueRow {
  key: string;
  stream_id: string;
  event: NewEvent;
  correlation_id: string | null;
  traceparent: string | null;
  tracestate: string | null;
}

export interface RefusedTimer {
  row: DueRow;
  error: string;
}

const timersParked = new Counter({
  name: 'switchboard_timers_parked_total',
  help: 'Durable timers set aside because the store refused their event',
  labelNames: ['type'],
  registers: [metricsRegistry],
});

/**
 * Splits due rows into those the store appends and those it refuses (an event whose schema
 * changed since it was scheduled), so one bad row cannot fail the whole batch for ever.
 */
export function partitionByValidity(store: EventStore, rows: DueRow[]): [DueRow[], RefusedTimer[]] {
  const valid: DueRow[] = [];
  const refused: RefusedTimer[] = [];
  for (const row of rows) {
    try {
      store.validate(row.event);
      valid.push(row);
    } catch (error) {
      refused.push({ row, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return [valid, refused];
}

/** Sets refused timers aside with their error: visible in the waiting report, counted, logged. */
export async function parkTimers(tx: pg.PoolClient, table: string, refused: RefusedTimer[], logger: Logger): Promise<void> {
  await tx.query(
    `UPDATE ${table} AS t SET parked_at = now(), park_error = p.error, updated_at = now()
     FROM unnest($1::text[], $2::text[]) AS p(key, error) WHERE t.key = p.key`,
    [refused.map(({ row }) => row.key), refused.map(({ error }) => error)],
  );
  for (const { row, error } of refused) {
    timersParked.inc({ type: row.event.type });
    logger.warn(`timer ${row.key} parked: the store refuses its ${row.event.type} event: ${error}`);
  }
}

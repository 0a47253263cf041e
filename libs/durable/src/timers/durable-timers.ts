import { Logger } from '@nestjs/common';
import type { NewEvent } from '@switchboard/contracts';
import type { EventStore } from '@switchboard/event-store';
import { currentTraceContext } from '@switchboard/telemetry';
import pg from 'pg';
import { type Clock, systemClock } from '../clock/clock.js';

export interface TimerRequest {
  /** One pending timer per key: scheduling the key again replaces it, cancelling removes it. */
  key: string;
  /** The stream the event is appended to when the timer fires. */
  streamId: string;
  event: NewEvent;
  correlationId?: string;
}

export interface PendingTimer {
  key: string;
  kind: 'at' | 'debounce' | 'every';
  fireAt: Date;
  streamId: string;
  eventType: string;
  repeatEveryMs: number | null;
}

export interface DurableTimersOptions {
  clock?: Clock;
  /** Timers fired per transaction. */
  batchSize?: number;
  /** Longest sleep between looks at the table, so timers scheduled by other replicas are seen. */
  maxSleepMs?: number;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface DueRow {
  key: string;
  stream_id: string;
  event: NewEvent;
  correlation_id: string | null;
  traceparent: string | null;
  tracestate: string | null;
}

/**
 * Timers that survive restarts: each is a row in the service's schema until it fires, and firing
 * appends its event to the store in the same transaction that removes (or, for a repeating timer,
 * reschedules) the row, so a crash either fires it or leaves it pending. Replicas take turns
 * through an advisory lock, so a due timer is fired by one of them. Handlers still dedupe (the
 * inbox), as for every event: delivery downstream is at least once.
 */
export class DurableTimers {
  private readonly logger = new Logger(DurableTimers.name);
  private readonly table: string;
  private readonly clock: Clock;
  private stopping = false;
  private loop?: Promise<void>;
  private wake: () => void = () => undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly schema: string,
    private readonly options: DurableTimersOptions = {},
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.timers`;
    this.clock = options.clock ?? systemClock;
  }

  /** Fires `request.event` at `at`, replacing any pending timer with the same key. */
  async schedule(request: TimerRequest & { at: Date }, tx: Queryable = this.pool): Promise<void> {
    await this.upsert(request, request.at, tx, 'replace');
    this.wake();
  }

  scheduleAfter(request: TimerRequest, delayMs: number, tx?: Queryable): Promise<void> {
    return this.schedule({ ...request, at: new Date(this.clock.now().getTime() + delayMs) }, tx);
  }

  /**
   * Fires once `quietMs` have passed without another call for the key, but no later than
   * `maxWaitMs` after the first call of the burst, so a steady trickle still fires.
   */
  async debounce(request: TimerRequest, timing: { quietMs: number; maxWaitMs: number }, tx: Queryable = this.pool) {
    const at = new Date(this.clock.now().getTime() + timing.quietMs);
    await this.upsert(request, at, tx, 'debounce', timing.maxWaitMs);
    this.wake();
  }

  /**
   * Fires every `everyMs` on slots aligned to the epoch (every 6 h: 00:00, 06:00, ...), once per
   * slot across replicas. Slots missed while nothing ran are caught up by a single firing.
   * Registering the same key again (every replica does at start-up) changes nothing.
   */
  async every(request: TimerRequest, everyMs: number, tx: Queryable = this.pool): Promise<void> {
    const now = this.clock.now().getTime();
    const nextSlot = new Date(Math.floor(now / everyMs) * everyMs + everyMs);
    await tx.query(
      `INSERT INTO ${this.table} (key, kind, fire_at, stream_id, event, correlation_id, repeat_every_ms, first_scheduled_at)
       VALUES ($1, 'every', $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
      // A repeating timer belongs to no one request: each firing starts a trace of its own.
      [request.key, nextSlot, request.streamId, request.event, request.correlationId ?? null, everyMs, this.clock.now()],
    );
  }

  /** True when a pending timer was removed. */
  async cancel(key: string, tx: Queryable = this.pool): Promise<boolean> {
    const { rowCount } = await tx.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
    return (rowCount ?? 0) > 0;
  }

  pending(limit = 100): Promise<PendingTimer[]> {
    return pendingTimers(this.pool, this.schema, limit);
  }

  /** Fires what is due now (one batch); returns how many fired. */
  async fireDue(): Promise<number> {
    const now = this.clock.now();
    return this.store.transaction(async (tx) => {
      const { rows: lock } = await tx.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS mine', [
        `switchboard-timers:${this.schema}`,
      ]);
      if (!lock[0].mine) return 0; // another replica is firing right now
      const { rows } = await tx.query<DueRow>(
        `SELECT key, stream_id, event, correlation_id, traceparent, tracestate FROM ${this.table} WHERE fire_at <= $1 ORDER BY fire_at LIMIT $2`,
        [now, this.options.batchSize ?? 500],
      );
      // The append is the first write: the lock and the read above assign no transaction id (ADR 0003).
      await this.store.appendToStreams(
        rows.map((row) => ({
          streamId: row.stream_id,
          event: row.event,
          correlationId: row.correlation_id ?? undefined,
          causationId: `timer:${row.key}`,
          trace: row.traceparent ? { traceparent: row.traceparent, tracestate: row.tracestate ?? undefined } : undefined,
        })),
        tx,
      );
      const keys = rows.map((row) => row.key);
      await tx.query(`DELETE FROM ${this.table} WHERE key = ANY($1) AND repeat_every_ms IS NULL AND fire_at <= $2`, [
        keys,
        now,
      ]);
      await tx.query(
        `UPDATE ${this.table}
         SET fire_at = to_timestamp((floor(extract(epoch FROM $2::timestamptz) * 1000 / repeat_every_ms) + 1) * repeat_every_ms / 1000),
             updated_at = now()
         WHERE key = ANY($1) AND repeat_every_ms IS NOT NULL`,
        [keys, now],
      );
      return rows.length;
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const batch = this.options.batchSize ?? 500;
    while (!this.stopping) {
      let fired = 0;
      try {
        fired = await this.fireDue();
      } catch (error) {
        this.logger.warn(`firing timers failed: ${String(error)}`);
      }
      if (fired < batch && !this.stopping) await this.sleepUntilNextDue();
    }
  }

  private async sleepUntilNextDue(): Promise<void> {
    const maxSleep = this.options.maxSleepMs ?? 500;
    const { rows } = await this.pool
      .query<{ next: Date | null }>(`SELECT min(fire_at) AS next FROM ${this.table}`)
      .catch(() => ({ rows: [{ next: null }] }));
    const next = rows[0].next;
    const wait = next ? Math.min(maxSleep, Math.max(0, next.getTime() - this.clock.now().getTime())) : maxSleep;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async upsert(
    request: TimerRequest,
    at: Date,
    tx: Queryable,
    mode: 'replace' | 'debounce',
    maxWaitMs = 0,
  ): Promise<void> {
    // A debounced key keeps the time of the first call of its burst, which caps how late it fires.
    const [fireAt, firstScheduled] =
      mode === 'replace'
        ? ['EXCLUDED.fire_at', 'EXCLUDED.first_scheduled_at']
        : ['LEAST(EXCLUDED.fire_at, timers.first_scheduled_at + make_interval(secs => $9::float8 / 1000))', 'timers.first_scheduled_at'];
    // The timer fires in the trace that (last) scheduled it, so a workflow's waits stay in its trace.
    const { traceparent, tracestate } = currentTraceContext();
    await tx.query(
      `INSERT INTO ${this.table} AS timers (key, kind, fire_at, stream_id, event, correlation_id, repeat_every_ms, first_scheduled_at, traceparent, tracestate)
       VALUES ($1, '${mode === 'replace' ? 'at' : 'debounce'}', $2, $3, $4, $5, NULL, $6, $7, $8)
       ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, fire_at = ${fireAt}, stream_id = EXCLUDED.stream_id, event = EXCLUDED.event,
         correlation_id = EXCLUDED.correlation_id, repeat_every_ms = NULL, traceparent = EXCLUDED.traceparent, tracestate = EXCLUDED.tracestate,
         first_scheduled_at = ${firstScheduled}, updated_at = now()`,
      [
        request.key,
        at,
        request.streamId,
        request.event,
        request.correlationId ?? null,
        this.clock.now(),
        traceparent ?? null,
        tracestate ?? null,
        ...(mode === 'debounce' ? [maxWaitMs] : []),
      ],
    );
  }
}

/** Timers waiting to fire in a schema, soonest first. */
export async function pendingTimers(pool: pg.Pool, schema: string, limit = 100): Promise<PendingTimer[]> {
  const { rows } = await pool.query(
    `SELECT key, kind, fire_at, stream_id, event->>'type' AS event_type, repeat_every_ms::float8 AS repeat_every_ms
     FROM ${pg.escapeIdentifier(schema)}.timers ORDER BY fire_at LIMIT $1`,
    [limit],
  );
  return rows.map((row) => ({
    key: row.key,
    kind: row.kind,
    fireAt: row.fire_at,
    streamId: row.stream_id,
    eventType: row.event_type,
    repeatEveryMs: row.repeat_every_ms,
  }));
}

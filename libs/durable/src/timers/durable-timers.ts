import { Logger } from '@nestjs/common';
import type { NewEvent } from '@switchboard/contracts';
import type { EventStore } from '@switchboard/event-store';
import pg from 'pg';
import { type Clock, systemClock } from '../clock/clock.js';
import { WakeableSleep } from '../clock/wakeable-sleep.js';
import { type PendingTimer, pendingTimers } from './pending-timers.js';
import { appendFirings } from './timer-firing.js';
import { upsertTimer } from './timer-upsert.js';
import type { DueRow } from './timer-parking.js';

export interface TimerRequest {
  /** One pending timer per key: scheduling the key again replaces it, cancelling removes it. */
  key: string;
  /** The stream the event is appended to when the timer fires. */
  streamId: string;
  event: NewEvent;
  correlationId?: string;
}

export interface DurableTimersOptions {
  clock?: Clock;
  /** Timers fired per transaction. */
  batchSize?: number;
  /** Longest sleep between looks at the table, so timers scheduled by other replicas are seen. */
  maxSleepMs?: number;
  /** Longest pause after failed looks (the database is down): they back off up to this. */
  maxBackoffMs?: number;
}

export type RunNowOutcome =
  | { fired: true; eventType: string; nextFireAt: Date }
  | { fired: false; reason: 'unknown' | 'not-repeating' | 'parked'; message: string };

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface BatchOutcome {
  fired: number;
  /** Due rows looked at; a full batch means more may be due at once. */
  looked: number;
  /** Due rows left because an open transaction holds their key. */
  skipped: number;
}

/**
 * Timers that survive restarts: each is a row in the service's schema until it fires, and firing
 * appends its event to the store in the same transaction that removes (or, for a repeating timer,
 * reschedules) the row, so a crash either fires it or leaves it pending. Replicas take turns
 * through an advisory lock, so a due timer is fired by one of them. Handlers still dedupe (the
 * inbox), as for every event: delivery downstream is at least once.
 *
 * Cancelling and scheduling take a per-key advisory lock that firing only tries for: a timer whose
 * cancel or reschedule is in an open transaction is left for the next look, and one being fired
 * makes its cancel wait and then find nothing. So a cancel that returns true means it never fires.
 * Advisory locks assign no transaction id, which keeps the firing's append its first write (ADR 0003).
 */
export class DurableTimers {
  private readonly logger = new Logger(DurableTimers.name);
  private readonly table: string;
  private readonly clock: Clock;
  private readonly pause = new WakeableSleep();
  private loop?: Promise<void>;
  /** Repeating timers declared at start-up that the database has not taken yet. */
  private declared: { request: TimerRequest; everyMs: number }[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly store: EventStore,
    private readonly schema: string,
    private readonly options: DurableTimersOptions = {},
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.timers`;
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Fires `request.event` at `at`, replacing any pending (or parked) timer with the same key.
   * With `tx`, pass a client inside a transaction: the key stays locked until it ends.
   */
  async schedule(request: TimerRequest & { at: Date }, tx: Queryable = this.pool): Promise<void> {
    await this.underKeyLock(request.key, tx, (db) => upsertTimer(this.table, this.clock.now(), request, request.at, db, 'replace'));
    this.pause.wake();
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
    await this.underKeyLock(request.key, tx, (db) => upsertTimer(this.table, this.clock.now(), request, at, db, 'debounce', timing.maxWaitMs));
    this.pause.wake();
  }

  /**
   * Brings pending one-off or debounced timers forward to now, as they are (their event and
   * cause): for a wait that has nothing left to wait for, such as a debounce's quiet period once
   * the caller knows no trigger can come. A key that already fired, or never was, is left alone
   * (nothing is created), as is a parked or repeating one; a timer due earlier keeps its time.
   * Under each key's lock, like scheduling: a firing under way makes this wait, then find nothing.
   * Returns the keys brought forward.
   */
  async fireSoon(keys: string[], tx: Queryable = this.pool): Promise<string[]> {
    const forward: string[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const { rows } = await this.underKeyLock(key, tx, (db) =>
        db.query<{ key: string }>(
          `UPDATE ${this.table} SET fire_at = $2, updated_at = now()
           WHERE key = $1 AND fire_at > $2 AND parked_at IS NULL AND repeat_every_ms IS NULL RETURNING key`,
          [key, this.clock.now()],
        ),
      );
      forward.push(...rows.map((row) => row.key));
    }
    if (forward.length > 0) this.pause.wake();
    return forward;
  }

  /**
   * Fires every `everyMs` on slots aligned to the epoch (every 6 h: 00:00, 06:00, ...), once per
   * slot across replicas. Slots missed while nothing ran are caught up by a single firing.
   * Registering the same key again (every replica does at start-up) changes nothing, except that
   * it revives a parked one with the event registered now (a deploy that fixed its schema).
   */
  async every(request: TimerRequest, everyMs: number, tx: Queryable = this.pool): Promise<void> {
    const now = this.clock.now().getTime();
    const nextSlot = new Date(Math.floor(now / everyMs) * everyMs + everyMs);
    await tx.query(
      `INSERT INTO ${this.table} AS timers (key, kind, fire_at, stream_id, event, correlation_id, repeat_every_ms, first_scheduled_at)
       VALUES ($1, 'every', $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET fire_at = EXCLUDED.fire_at, stream_id = EXCLUDED.stream_id, event = EXCLUDED.event,
         parked_at = NULL, park_error = NULL, updated_at = now()
       WHERE timers.parked_at IS NOT NULL AND timers.repeat_every_ms IS NOT NULL`,
      // A repeating timer belongs to no one request: each firing starts a trace of its own.
      [request.key, nextSlot, request.streamId, request.event, request.correlationId ?? null, everyMs, this.clock.now()],
    );
  }

  /**
   * `every` for a service's start-up: it never throws. The firing loop registers the timer, and
   * keeps trying while the database is unreachable, so a service starts (and reports 503) without
   * its database and the timer exists once the database is back.
   */
  declareEvery(request: TimerRequest, everyMs: number): void {
    this.declared.push({ request, everyMs });
    this.pause.wake();
  }

  /** True when a pending timer was removed (it will not fire); false when there was none or it fired. */
  async cancel(key: string, tx: Queryable = this.pool): Promise<boolean> {
    const { rowCount } = await this.underKeyLock(key, tx, (db) => db.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]));
    return (rowCount ?? 0) > 0;
  }

  /**
   * An operator's "run now" of a repeating timer: its event is appended now, through the same
   * firing path as at its slot (same cause, same trace), and its next slot stays where it was.
   * A one-off or debounced timer is refused (firing it early would also consume it), as is a
   * parked one (its event is refused by the store) and an unknown key.
   */
  runNow(key: string): Promise<RunNowOutcome> {
    // Under the key's lock: a firing of its slot meanwhile leaves the key for its next look.
    return this.store.transaction(async (tx) => {
      await this.lockKey(tx, key);
      const { rows } = await tx.query<DueRow & { repeat_every_ms: string | null; parked_at: Date | null; fire_at: Date }>(
        `SELECT key, stream_id, event, correlation_id, traceparent, tracestate, repeat_every_ms, parked_at, fire_at FROM ${this.table} WHERE key = $1`,
        [key],
      );
      const [row] = rows;
      const parked = { fired: false, reason: 'parked', message: `${key} is parked: the store refuses its event` } as const;
      if (!row) return { fired: false, reason: 'unknown', message: `no timer ${key}` };
      if (row.repeat_every_ms === null) return { fired: false, reason: 'not-repeating', message: `${key} is not a repeating timer` };
      if (row.parked_at) return parked;
      const fired = await appendFirings(this.store, tx, this.table, [row], this.logger);
      return fired.length > 0 ? { fired: true, eventType: row.event.type, nextFireAt: row.fire_at } : parked;
    });
  }

  pending(limit = 100): Promise<PendingTimer[]> {
    return pendingTimers(this.pool, this.schema, limit);
  }

  /** Fires what is due now (one batch); returns how many fired. */
  async fireDue(): Promise<number> {
    return (await this.fireBatch()).fired;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.pause.stop();
    await this.loop;
  }

  private fireBatch(): Promise<BatchOutcome> {
    const now = this.clock.now();
    const none = { fired: 0, looked: 0, skipped: 0 };
    return this.store.transaction(async (tx) => {
      const { rows: lock } = await tx.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS mine', [
        `switchboard-timers:${this.schema}`,
      ]);
      if (!lock[0].mine) return none; // another replica is firing right now
      // Claim the due keys no open transaction is cancelling or rescheduling (those hold the key's lock).
      const { rows: due } = await tx.query<{ key: string; mine: boolean }>(
        `SELECT key, pg_try_advisory_xact_lock(hashtextextended($3 || key, 0)) AS mine
         FROM (SELECT key FROM ${this.table} WHERE fire_at <= $1 AND parked_at IS NULL ORDER BY fire_at LIMIT $2) AS due`,
        [now, this.options.batchSize ?? 500, this.keyLockPrefix()],
      );
      const claimed = due.filter((row) => row.mine).map((row) => row.key);
      if (claimed.length === 0) return { ...none, looked: due.length, skipped: due.length };
      // Read the claimed rows again: the claim's snapshot predates its locks, so a cancel or
      // reschedule committed meanwhile is only seen now.
      const { rows } = await tx.query<DueRow>(
        `SELECT key, stream_id, event, correlation_id, traceparent, tracestate FROM ${this.table}
         WHERE key = ANY($1) AND fire_at <= $2 AND parked_at IS NULL ORDER BY fire_at`,
        [claimed, now],
      );
      // The append is the first write: the locks and the reads above assign no transaction id (ADR 0003).
      const fired = await appendFirings(this.store, tx, this.table, rows, this.logger);
      const keys = fired.map((row) => row.key);
      await tx.query(`DELETE FROM ${this.table} WHERE key = ANY($1) AND repeat_every_ms IS NULL`, [keys]);
      await tx.query(
        `UPDATE ${this.table}
         SET fire_at = to_timestamp((floor(extract(epoch FROM $2::timestamptz) * 1000 / repeat_every_ms) + 1) * repeat_every_ms / 1000),
             updated_at = now()
         WHERE key = ANY($1) AND repeat_every_ms IS NOT NULL`,
        [keys, now],
      );
      return { fired: fired.length, looked: due.length, skipped: due.length - claimed.length };
    });
  }

  private async run(): Promise<void> {
    const batch = this.options.batchSize ?? 500;
    const maxSleep = this.options.maxSleepMs ?? 500;
    let failures = 0;
    while (!this.pause.stopped) {
      try {
        await this.registerDeclared();
        const outcome = await this.fireBatch();
        failures = 0;
        if (outcome.looked < batch && !this.pause.stopped) {
          // Due keys held by an open transaction stay due: wait a little rather than spin on them.
          await this.sleepUntilNextDue(outcome.skipped > 0 ? Math.min(50, maxSleep) : 0);
        }
      } catch (error) {
        failures += 1;
        this.logger.warn(`firing timers failed (${failures} in a row): ${String(error)}`);
        if (!this.pause.stopped) await this.pause.sleep(Math.min(this.options.maxBackoffMs ?? 10_000, maxSleep * 2 ** (failures - 1)));
      }
    }
  }

  private async registerDeclared(): Promise<void> {
    while (this.declared.length > 0) {
      const { request, everyMs } = this.declared[0];
      await this.every(request, everyMs);
      this.declared.shift();
    }
  }

  private async sleepUntilNextDue(atLeastMs: number): Promise<void> {
    const maxSleep = this.options.maxSleepMs ?? 500;
    const { rows } = await this.pool
      .query<{ next: Date | null }>(`SELECT min(fire_at) AS next FROM ${this.table} WHERE parked_at IS NULL`)
      .catch(() => ({ rows: [{ next: null }] }));
    const next = rows[0].next;
    const wait = next ? Math.min(maxSleep, Math.max(0, next.getTime() - this.clock.now().getTime())) : maxSleep;
    await this.pause.sleep(Math.max(wait, atLeastMs));
  }

  private keyLockPrefix(): string {
    return `switchboard-timer:${this.schema}:`;
  }

  private async lockKey(db: Queryable, key: string): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.keyLockPrefix() + key]);
  }

  /**
   * Runs a write to one key's row under that key's transaction-scoped lock. On the pool it opens a
   * transaction of its own; a client passed in must be inside the caller's transaction.
   */
  private underKeyLock<T>(key: string, tx: Queryable, write: (db: Queryable) => Promise<T>): Promise<T> {
    const locked = async (db: Queryable) => {
      await this.lockKey(db, key);
      return write(db);
    };
    return tx === this.pool ? this.store.transaction(locked) : locked(tx);
  }
}

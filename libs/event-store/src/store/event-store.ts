import { type EventEnvelope, type EventRegistry, newEventId, type NewEvent } from '@switchboard/contracts';
import { currentTraceContext, eventsAppended } from '@switchboard/telemetry';
import pg from 'pg';
import { prepared } from '../database/prepared.js';
import { withTransaction } from '../database/with-transaction.js';
import { type Checkpoint, START } from './checkpoint.js';
import { type ExpectedVersion, WrongExpectedVersionError } from './store-errors.js';

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** A client inside a transaction (see `transaction`); without it the append commits alone. */
  tx?: pg.PoolClient;
  correlationId?: string;
  causationId?: string;
  traceparent?: string;
  tracestate?: string;
}

export interface AppendResult {
  nextExpectedVersion: number;
  events: EventEnvelope[];
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

interface EventRow {
  event_id: string;
  stream_id: string;
  stream_position: number;
  type: string;
  version: number;
  payload: unknown;
  metadata: Pick<EventEnvelope, 'correlationId' | 'causationId' | 'producer' | 'traceparent' | 'tracestate'>;
  occurred_at: Date;
  position_text: string;
  tx_text: string;
}

// Aliases differ from the column names: ORDER BY would otherwise sort by the text values.
const COLUMNS = `event_id, stream_id, stream_position, type, version, payload, metadata, occurred_at,
  global_position::text AS position_text, tx_id::text AS tx_text`;

const UNIQUE_VIOLATION = '23505';

/**
 * Append-only event store in one PostgreSQL schema. Streams are guarded by optimistic
 * concurrency; `readAll` walks every stream in a gapless order (docs/adr/0003).
 */
export class EventStore {
  private readonly events: string;
  readonly channel: string;

  constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
    private readonly registry?: EventRegistry,
    private readonly producer = schema,
  ) {
    this.events = `${pg.escapeIdentifier(schema)}.events`;
    this.channel = `${schema}_events`;
  }

  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
    return withTransaction(this.pool, work);
  }

  /**
   * The payload as an append would store it; throws (InvalidEventError, UnknownEventError) for an
   * event the store refuses, so a writer holding many can set the bad ones aside first.
   */
  validate(event: NewEvent): unknown {
    return this.registry?.validate(event.type, event.version, event.payload) ?? event.payload;
  }

  /**
   * Appends events to a stream in one INSERT. Payloads are validated first (a bad event throws
   * here, at its producer). Inside a transaction, make the append its first write: the
   * transaction id, which orders the gapless read, is assigned at the first write.
   */
  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const payloads = events.map((event) => this.validate(event));
    const db: Queryable = options.tx ?? this.pool;
    const expected = options.expectedVersion;
    const ids = events.map(() => newEventId());
    const correlationId = options.correlationId ?? ids[0] ?? newEventId();
    // The trace the append happens in travels with the event, so its consumers join that trace.
    const traced = options.traceparent ? options : currentTraceContext();
    const metadata = {
      correlationId,
      causationId: options.causationId ?? correlationId,
      producer: this.producer,
      traceparent: traced.traceparent,
      tracestate: traced.tracestate,
    };
    let result: { current: number; positions: string[] | null; occurred_at: Date | null };
    try {
      // One round trip: read the stream's version, check it, insert, and NOTIFY (delivered at commit,
      // it wakes the outbox relay without polling; it names the transaction, so the relay knows what
      // it has yet to read even while an older transaction hides it, see readAll).
      ({
        rows: [result],
      } = await db.query(
        prepared(
          `WITH current AS (
             SELECT coalesce(max(stream_position), 0) AS v FROM ${this.events} WHERE stream_id = $2
           ), inserted AS (
             INSERT INTO ${this.events} (event_id, stream_id, stream_position, type, version, payload, metadata, occurred_at)
             SELECT e.id, $2, current.v + e.ord::int, e.type, e.version, e.payload, $6::jsonb, statement_timestamp()
             FROM current, unnest($1::uuid[], $3::text[], $4::int[], $5::jsonb[]) WITH ORDINALITY AS e(id, type, version, payload, ord)
             WHERE $7::int IS NULL OR current.v = $7::int
             RETURNING global_position, stream_position, occurred_at
           ), notified AS (
             SELECT pg_notify($8, pg_current_xact_id()::text) FROM (SELECT 1 FROM inserted LIMIT 1) AS any_inserted
           )
           SELECT (SELECT v FROM current)::int AS current,
                  (SELECT array_agg(global_position::text ORDER BY stream_position) FROM inserted) AS positions,
                  (SELECT min(occurred_at) FROM inserted) AS occurred_at,
                  (SELECT count(*) FROM notified) AS notified`,
          [
            ids,
            streamId,
            events.map((e) => e.type),
            events.map((e) => e.version),
            events.map((e) => JSON.stringify(e.payload)),
            JSON.stringify(metadata),
            expected === 'any' ? null : expected === 'no_stream' ? 0 : expected,
            this.channel,
          ],
        ),
      ));
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // Lost the race for these positions: the stream moved on since we read it.
      throw new WrongExpectedVersionError(streamId, expected, await this.streamVersion(streamId).catch(() => -1));
    }
    const { current } = result;
    if (expected !== 'any' && current !== (expected === 'no_stream' ? 0 : expected)) {
      throw new WrongExpectedVersionError(streamId, expected, current);
    }
    for (const event of events) eventsAppended.inc({ type: event.type });
    const occurredAt = (result.occurred_at ?? new Date()).toISOString();
    return {
      nextExpectedVersion: current + events.length,
      events: events.map((event, i) => ({
        id: ids[i],
        type: event.type,
        version: event.version,
        streamId,
        streamPosition: current + i + 1,
        globalPosition: result.positions?.[i],
        occurredAt,
        ...metadata,
        payload: payloads[i],
      })),
    };
  }

  /**
   * Appends one event to each of many streams in one INSERT, at whatever version each stream is
   * ('any'): for fan-out such as firing a batch of timers. Returns the envelopes in input order.
   */
  async appendToStreams(
    entries: {
      streamId: string;
      event: NewEvent;
      causationId?: string;
      correlationId?: string;
      /** The trace the event belongs to, when not the current one. */
      trace?: { traceparent?: string; tracestate?: string };
    }[],
    tx: pg.PoolClient,
  ): Promise<EventEnvelope[]> {
    if (entries.length === 0) return [];
    const payloads = entries.map(({ event }) => this.validate(event));
    const ids = entries.map(() => newEventId());
    const traced = currentTraceContext();
    const metadata = entries.map((entry, i) => ({
      correlationId: entry.correlationId ?? ids[i],
      causationId: entry.causationId ?? entry.correlationId ?? ids[i],
      producer: this.producer,
      traceparent: entry.trace?.traceparent ?? traced.traceparent,
      tracestate: entry.trace?.traceparent ? entry.trace.tracestate : traced.tracestate,
    }));
    const { rows } = await tx.query<{ stream_position: number; position_text: string; occurred_at: Date; ord: string }>(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[])
           WITH ORDINALITY AS e(id, stream_id, type, version, payload, metadata, ord)
       ), current AS (
         SELECT stream_id, max(stream_position) AS v FROM ${this.events}
         WHERE stream_id IN (SELECT stream_id FROM input) GROUP BY stream_id
       ), inserted AS (
         INSERT INTO ${this.events} (event_id, stream_id, stream_position, type, version, payload, metadata, occurred_at)
         SELECT e.id, e.stream_id,
                coalesce(c.v, 0) + row_number() OVER (PARTITION BY e.stream_id ORDER BY e.ord),
                e.type, e.version, e.payload, e.metadata, statement_timestamp()
         FROM input e LEFT JOIN current c USING (stream_id)
         ORDER BY e.ord
         RETURNING event_id, stream_position, global_position::text AS position_text, occurred_at
       ), notified AS (
         SELECT pg_notify($7, pg_current_xact_id()::text) FROM (SELECT 1 FROM inserted LIMIT 1) AS any_inserted
       )
       SELECT i.stream_position, i.position_text, i.occurred_at, e.ord::text AS ord,
              (SELECT count(*) FROM notified) AS notified
       FROM inserted i JOIN input e ON e.id = i.event_id ORDER BY e.ord`,
      [
        ids,
        entries.map((e) => e.streamId),
        entries.map((e) => e.event.type),
        entries.map((e) => e.event.version),
        entries.map((e) => JSON.stringify(e.event.payload)),
        metadata.map((m) => JSON.stringify(m)),
        this.channel,
      ],
    );
    for (const { event } of entries) eventsAppended.inc({ type: event.type });
    return rows.map((row, i) => ({
      id: ids[i],
      type: entries[i].event.type,
      version: entries[i].event.version,
      streamId: entries[i].streamId,
      streamPosition: row.stream_position,
      globalPosition: row.position_text,
      occurredAt: row.occurred_at.toISOString(),
      ...metadata[i],
      payload: payloads[i],
    }));
  }

  async streamVersion(streamId: string, db: Queryable = this.pool): Promise<number> {
    const { rows } = await db.query<{ version: number | null }>(
      `SELECT max(stream_position) AS version FROM ${this.events} WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0].version ?? 0;
  }

  async readStream(streamId: string, options: { fromVersion?: number; tx?: Queryable } = {}): Promise<EventEnvelope[]> {
    const { rows } = await (options.tx ?? this.pool).query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.events} WHERE stream_id = $1 AND stream_position >= $2 ORDER BY stream_position`,
      [streamId, options.fromVersion ?? 1],
    );
    return rows.map((row) => this.toEnvelope(row));
  }

  /**
   * Events after a global position in position order, as stored. For operators (republishing a
   * range); tailing readers use `readAll`, which never skips a late commit.
   */
  async readFromPosition(after: string, limit = 1_000): Promise<EventEnvelope[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.events} WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after, limit],
    );
    return rows.map((row) => this.toEnvelope(row, false));
  }

  /**
   * The next events of all streams after `after`, in (transaction id, global position) order,
   * taking only transactions older than every one still running. A transaction that commits late
   * is therefore never skipped: its events stay invisible to this read until it is finished.
   */
  async readAll(options: { after?: Checkpoint; limit?: number; decode?: boolean } = {}): Promise<{
    events: EventEnvelope[];
    checkpoint: Checkpoint;
  }> {
    const after = options.after ?? START;
    const { rows } = await this.pool.query<EventRow>(
      prepared(
        `SELECT ${COLUMNS} FROM ${this.events}
         WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
           AND (tx_id, global_position) > ($1::xid8, $2::bigint)
         ORDER BY tx_id, global_position
         LIMIT $3`,
        [after.txId, after.position, options.limit ?? 1_000],
      ),
    );
    const last = rows.at(-1);
    return {
      events: rows.map((row) => this.toEnvelope(row, options.decode ?? true)),
      checkpoint: last ? { txId: last.tx_text, position: last.position_text } : after,
    };
  }

  /** Where an event stands in `readAll`'s order, so a reader can go on right after it; undefined if not in this store. */
  async checkpointOf(eventId: string): Promise<Checkpoint | undefined> {
    const { rows } = await this.pool.query<Checkpoint>(
      `SELECT tx_id::text AS "txId", global_position::text AS position FROM ${this.events} WHERE event_id = $1`,
      [eventId],
    );
    return rows[0];
  }

  /** How many committed events a reader at `after` has still to read (e.g. the relay's lag). */
  async countAfter(after: Checkpoint = START): Promise<number> {
    const { rows } = await this.pool.query<{ behind: number }>(
      `SELECT count(*)::int AS behind FROM ${this.events}
       WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) AND (tx_id, global_position) > ($1::xid8, $2::bigint)`,
      [after.txId, after.position],
    );
    return rows[0].behind;
  }

  /** Decoding upcasts to the newest version; the relay passes `decode: false` to publish what was stored. */
  private toEnvelope(row: EventRow, decode = true): EventEnvelope {
    const envelope: EventEnvelope = {
      id: row.event_id,
      type: row.type,
      version: row.version,
      streamId: row.stream_id,
      streamPosition: row.stream_position,
      globalPosition: row.position_text,
      occurredAt: row.occurred_at.toISOString(),
      correlationId: row.metadata.correlationId,
      causationId: row.metadata.causationId,
      producer: row.metadata.producer,
      ...(row.metadata.traceparent && { traceparent: row.metadata.traceparent }),
      ...(row.metadata.tracestate && { tracestate: row.metadata.tracestate }),
      payload: row.payload,
    };
    return decode && this.registry ? this.registry.decode(envelope) : envelope;
  }
}

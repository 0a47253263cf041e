import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope, RunKind } from '@switchboard/contracts';
import { withTransaction } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';
import { causalOrder } from './causal-order.js';
import { maskPayload } from './masking.js';
import { runChange } from './run-change.js';

export const RUN_KINDS = Symbol('RUN_KINDS');
const MAX_RUN_TERMS = 200;
const TIMELINE_LIMIT = 5_000;

export interface RunRow {
  runId: string;
  kind: string;
  status: string;
  label: string | null;
  startedAt: Date;
  lastActivityAt: Date;
  currentStep: string | null;
  failures: number;
  events: number;
}

export interface ConsoleEvent {
  position: string;
  eventId: string;
  runId: string;
  domain: string;
  type: string;
  version: number;
  streamId: string;
  streamPosition: number;
  occurredAt: Date;
  causationId: string | null;
  producer: string | null;
  traceId: string | null;
  payload: unknown;
}

export interface RunFilter {
  kind?: string;
  status?: string;
  from?: Date;
  to?: Date;
  q?: string;
  /** Opaque: the `next` of the page before. */
  cursor?: string;
  limit: number;
}

const RUN_COLUMNS = `run_id AS "runId", kind, status, label, started_at AS "startedAt", last_activity_at AS "lastActivityAt",
  current_step AS "currentStep", failures, events`;
const EVENT_COLUMNS = `position::text AS position, event_id AS "eventId", run_id AS "runId", domain, type, version, stream_id AS "streamId",
  stream_position AS "streamPosition", occurred_at AS "occurredAt", causation_id AS "causationId", producer, trace_id AS "traceId", payload`;

const encodeCursor = (row: RunRow) => Buffer.from(`${row.startedAt.toISOString()}|${row.runId}`).toString('base64url');
function decodeCursor(cursor: string): [Date, string] | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at);
  return id && !Number.isNaN(date.getTime()) ? [date, id] : undefined;
}

/**
 * The console's read model in the gateway's schema: written by ConsoleFeed from every domain's
 * events (idempotently: an event already kept changes nothing), read by the console's API.
 */
@Injectable()
export class RunsReadModel {
  private readonly runs: string;
  private readonly events: string;

  constructor(
    private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(RUN_KINDS) private readonly kinds: readonly RunKind[],
  ) {
    this.runs = `${pg.escapeIdentifier(schema)}.console_runs`;
    this.events = `${pg.escapeIdentifier(schema)}.console_events`;
  }

  /** Keeps a batch of events (of any domain, in any order) and applies each new one to its run, in one transaction. */
  async apply(domain: string, batch: readonly EventEnvelope[]): Promise<number> {
    if (batch.length === 0) return 0;
    return withTransaction(this.pool, async (client) => {
      let kept = 0;
      for (const event of batch) if (await this.applyOne(client, domain, event)) kept++;
      return kept;
    });
  }

  private async applyOne(client: pg.PoolClient, domain: string, event: EventEnvelope): Promise<boolean> {
    const traceId = event.traceparent?.split('-')[1] ?? null;
    const inserted = await client.query(
      `INSERT INTO ${this.events} (event_id, run_id, domain, type, version, stream_id, stream_position, occurred_at, causation_id, producer, trace_id, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (event_id) DO NOTHING`,
      [
        event.id,
        event.correlationId ?? event.id,
        domain,
        event.type,
        event.version,
        event.streamId ?? '',
        event.streamPosition ?? 0,
        event.occurredAt,
        event.causationId ?? null,
        event.producer ?? null,
        traceId,
        JSON.stringify(maskPayload(event.payload ?? null)),
      ],
    );
    if (inserted.rowCount === 0 || !event.correlationId) return false;
    const change = runChange(this.kinds, event);
    if (!change.kind) {
      await client.query(
        `UPDATE ${this.runs} SET last_activity_at = GREATEST(last_activity_at, $2), events = events + 1, failures = failures + $3 WHERE run_id = $1`,
        [change.runId, event.occurredAt, change.failed ? 1 : 0],
      );
      return true;
    }
    await client.query(
      `INSERT INTO ${this.runs} AS r (run_id, kind, status, label, started_at, last_activity_at, current_step, step_at, failures, events, terms)
       VALUES ($1, $2, $3, $4, $5, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE $5::timestamptz END, $7, 1, $8)
       ON CONFLICT (run_id) DO UPDATE SET
         status = CASE WHEN r.status <> 'RUNNING' THEN r.status ELSE EXCLUDED.status END,
         label = COALESCE(r.label, EXCLUDED.label),
         started_at = LEAST(r.started_at, EXCLUDED.started_at),
         last_activity_at = GREATEST(r.last_activity_at, EXCLUDED.last_activity_at),
         current_step = CASE
           WHEN r.status <> 'RUNNING' THEN r.current_step
           WHEN EXCLUDED.current_step IS NOT NULL AND (r.step_at IS NULL OR EXCLUDED.step_at >= r.step_at) THEN EXCLUDED.current_step
           ELSE r.current_step END,
         step_at = GREATEST(r.step_at, EXCLUDED.step_at),
         failures = r.failures + EXCLUDED.failures,
         events = r.events + 1,
         terms = CASE WHEN cardinality(r.terms) >= ${MAX_RUN_TERMS} THEN r.terms
           ELSE ARRAY(SELECT DISTINCT t FROM unnest(r.terms || EXCLUDED.terms) AS t) END`,
      [change.runId, change.kind, change.status, change.label ?? null, event.occurredAt, change.step ?? null, change.failed ? 1 : 0, change.terms],
    );
    return true;
  }

  /** One page of runs, newest first, and the cursor of the next page (keyset paging: as fast on page 1,000 as on page 1). */
  async list(filter: RunFilter): Promise<{ runs: RunRow[]; next?: string }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.kind) where.push(`kind = ${param(filter.kind)}`);
    if (filter.status) where.push(`status = ${param(filter.status)}`);
    if (filter.from) where.push(`started_at >= ${param(filter.from)}`);
    if (filter.to) where.push(`started_at < ${param(filter.to)}`);
    if (filter.q) {
      const term = filter.q.trim().toLowerCase();
      where.push(`(run_id = ${param(filter.q.trim())} OR terms @> ARRAY[${param(term)}]::text[])`);
    }
    const after = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    if (after) where.push(`(started_at, run_id) < (${param(after[0])}, ${param(after[1])})`);
    const { rows } = await this.pool.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM ${this.runs} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY started_at DESC, run_id DESC LIMIT ${param(filter.limit + 1)}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    return { runs: page, next: rows.length > filter.limit ? encodeCursor(page[page.length - 1]) : undefined };
  }

  /** Every run matching the filters, newest first, up to `max`: what an export or a bulk action goes through. */
  async matching(filter: Omit<RunFilter, 'limit'>, max: number): Promise<RunRow[]> {
    const runs: RunRow[] = [];
    let cursor = filter.cursor;
    do {
      const page = await this.list({ ...filter, cursor, limit: Math.min(500, max - runs.length) });
      runs.push(...page.runs);
      cursor = page.next;
    } while (cursor && runs.length < max);
    return runs;
  }

  /** The ids a run's events name (its search terms that are UUIDs): what its waits are keyed by. */
  async idsOf(runId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ ids: string[] }>(
      `SELECT ARRAY(SELECT t FROM unnest(terms) AS t WHERE t ~ '^[0-9a-f]{8}-[0-9a-f]{4}-') AS ids FROM ${this.runs} WHERE run_id = $1`,
      [runId],
    );
    return rows[0]?.ids ?? [];
  }

  async run(runId: string): Promise<RunRow | undefined> {
    const { rows } = await this.pool.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${this.runs} WHERE run_id = $1`, [runId]);
    return rows[0];
  }

  /** Every event of a run, each after its cause. */
  async timeline(runId: string): Promise<ConsoleEvent[]> {
    const { rows } = await this.pool.query<ConsoleEvent>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.events} WHERE run_id = $1 ORDER BY occurred_at, position LIMIT ${TIMELINE_LIMIT}`,
      [runId],
    );
    return causalOrder(rows);
  }

  /** Events kept after `position`, oldest first: what the live tail sends next. */
  async eventsAfter(position: string, filter: { runId?: string; type?: string }, limit = 200, graceMs = 0): Promise<ConsoleEvent[]> {
    const params: unknown[] = [position];
    const where = [graceMs > 0 ? `(position > $1 OR received_at > now() - $${params.push(graceMs)} * interval '1 millisecond')` : 'position > $1'];
    if (filter.runId) where.push(`run_id = $${params.push(filter.runId)}`);
    if (filter.type) where.push(`type LIKE $${params.push(`${filter.type.replace(/[%_\\]/g, '\\$&')}%`)}`);
    const { rows } = await this.pool.query<ConsoleEvent>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.events} WHERE ${where.join(' AND ')} ORDER BY position LIMIT ${limit}`,
      params,
    );
    return rows;
  }

  /** The newest events (optionally of one run or type prefix), oldest of them first: where a tail starts. */
  async latestEvents(filter: { runId?: string; type?: string }, limit: number): Promise<ConsoleEvent[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.runId) where.push(`run_id = $${params.push(filter.runId)}`);
    if (filter.type) where.push(`type LIKE $${params.push(`${filter.type.replace(/[%_\\]/g, '\\$&')}%`)}`);
    const { rows } = await this.pool.query<ConsoleEvent>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.events} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY position DESC LIMIT ${limit}`,
      params,
    );
    return rows.reverse();
  }
}

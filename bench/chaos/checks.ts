import { DeadLetterQueue, names } from '@switchboard/eventing';
import { schemaName } from '@switchboard/event-store';
import { SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import type { RecordedRequest } from '@switchboard/testing';
import type { NatsConnection } from 'nats';
import pg from 'pg';

export interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

export interface CheckContext {
  namespace: string;
  pool: pg.Pool;
  nats: NatsConnection;
  campaignId: string;
  phones: string[];
  requests: RecordedRequest[];
}

export const result = (check: string, problems: string[], fine: string): CheckResult => ({
  check,
  ok: problems.length === 0,
  detail: problems.length ? `${problems.length}: ${problems.slice(0, 4).join('; ')}${problems.length > 4 ? '; ...' : ''}` : fine,
});

const events = (ctx: CheckContext, service: ServiceName) => `${pg.escapeIdentifier(schemaName(ctx.namespace, service))}.events`;

/** What the simulator was told to answer: a call that failed on anything else was lost to a defect. */
export const INJECTED = /simulated (429|503)|did not answer in time/;

/**
 * Every call ended, completed or failed; a failed one failed on a provider error the schedule
 * injected (the dial policy's attempts can be outlasted by a burst: that is its outcome, not a loss).
 */
export async function callsEndedExplained(ctx: CheckContext): Promise<CheckResult> {
  const { rows } = await ctx.pool.query<{ phone: string; status: string; reason: string | null }>(
    `SELECT phone, status, failure_reason AS reason FROM ${pg.escapeIdentifier(schemaName(ctx.namespace, 'telephony'))}.calls WHERE status <> 'COMPLETED'`,
  );
  const problems = rows.filter((r) => r.status !== 'FAILED' || !INJECTED.test(r.reason ?? '')).map((r) => `${r.phone} ${r.status} ${r.reason ?? ''}`);
  return result('every call ended, failures explained by injected faults', problems, `${rows.length} failed on injected provider errors`);
}

/**
 * At most one call placed (answered 201 by the provider) per contact, from the simulator's request
 * log, and exactly one for every call telephony holds a provider id for.
 */
export async function oneProviderCallPerContact(ctx: CheckContext): Promise<CheckResult> {
  const placed = new Map<string, number>();
  for (const request of ctx.requests) {
    if (request.endpoint === 'twilio.calls.create' && request.status === 201) placed.set(String(request.body.To), (placed.get(String(request.body.To)) ?? 0) + 1);
  }
  const { rows } = await ctx.pool.query<{ phone: string }>(
    `SELECT phone FROM ${pg.escapeIdentifier(schemaName(ctx.namespace, 'telephony'))}.calls WHERE provider_sid IS NOT NULL`,
  );
  const dialled = new Set(rows.map((r) => r.phone));
  const problems = ctx.phones
    .filter((phone) => (placed.get(phone) ?? 0) > 1 || (dialled.has(phone) && placed.get(phone) !== 1))
    .map((phone) => `${phone} called ${placed.get(phone) ?? 0} times`);
  return result('one provider call per contact', problems, `${ctx.phones.length} contacts, ${[...placed.values()].reduce((a, b) => a + b, 0)} calls placed`);
}

/**
 * Every event of every store on its domain's stream exactly once: no Nats-Msg-Id twice on a
 * stream, and the stream's ids are the store's.
 */
export async function everyEventOnceOnJetStream(ctx: CheckContext): Promise<CheckResult> {
  const jsm = await ctx.nats.jetstreamManager();
  const problems: string[] = [];
  let total = 0;
  for (const service of SERVICE_NAMES) {
    const stream = names.domainStreamName(ctx.namespace, service);
    const { rows } = await ctx.pool.query<{ event_id: string }>(`SELECT event_id FROM ${events(ctx, service)}`);
    const stored = new Set(rows.map((r) => r.event_id));
    const seen = new Map<string, number>();
    const { state } = await jsm.streams.info(stream);
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
      const id = message?.header.get('Nats-Msg-Id');
      if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    total += seen.size;
    for (const [id, count] of seen) if (count > 1) problems.push(`${stream}: ${id} ${count} times`);
    const missing = [...stored].filter((id) => !seen.has(id));
    if (missing.length) problems.push(`${stream}: ${missing.length} stored events missing (e.g. ${missing[0]})`);
    const foreign = [...seen.keys()].filter((id) => !stored.has(id));
    if (foreign.length) problems.push(`${stream}: ${foreign.length} messages not in the store (e.g. ${foreign[0]})`);
  }
  return result('every stored event on JetStream exactly once', problems, `${total} events on ${SERVICE_NAMES.length} streams`);
}

/**
 * No consumer's effects twice: no two events of one type on one aggregate caused by the same event
 * (a handler run twice for a delivery would append them), and the campaign's per-call facts once each.
 * Causes that are not events (`timer:<id>`, whose repeating timers fire many times) are left out.
 */
export async function effectsOnce(ctx: CheckContext): Promise<CheckResult> {
  const problems: string[] = [];
  for (const service of SERVICE_NAMES) {
    const { rows } = await ctx.pool.query<{ causation: string; stream_id: string; type: string; n: number }>(
      `SELECT metadata->>'causationId' AS causation, stream_id, type, count(*)::int AS n FROM ${events(ctx, service)}
       WHERE metadata->>'causationId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
       GROUP BY 1, 2, 3 HAVING count(*) > 1`,
    );
    problems.push(...rows.map((r) => `${service}: ${r.type} x${r.n} on ${r.stream_id} from ${r.causation}`));
  }
  const once = async (service: ServiceName, type: string, key: string, expected: number) => {
    const { rows } = await ctx.pool.query<{ key: string; n: number }>(
      `SELECT payload->>'${key}' AS key, count(*)::int AS n FROM ${events(ctx, service)} WHERE type = $1 GROUP BY 1`,
      [type],
    );
    for (const row of rows) if (row.n !== 1) problems.push(`${type} x${row.n} for ${key} ${row.key}`);
    if (rows.length > expected) problems.push(`${type}: ${rows.length} ${key}s, at most ${expected} expected`);
  };
  const calls = ctx.phones.length;
  await once('telephony', 'telephony.call.queued', 'phone', calls);
  await once('telephony', 'telephony.call.dialed', 'callId', calls);
  await once('transcription', 'transcription.transcript.completed', 'callId', calls);
  await once('claims', 'claims.call-claims.extracted', 'callId', calls);
  return result('no effects twice (events by cause, one call/transcript/claims per contact)', problems, `${calls} calls, each once at every stage`);
}

/** The dead letter queue: each entry is a violation unless explained (none is expected of this workload). */
export async function deadLetters(ctx: CheckContext): Promise<CheckResult> {
  const queue = new DeadLetterQueue(await ctx.nats.jetstreamManager(), ctx.nats.jetstream(), ctx.namespace);
  const letters = await queue.list(1_000).catch((error: Error) => (/not found/i.test(error.message) ? [] : Promise.reject(error)));
  return result(
    'dead letter queue empty',
    letters.map((l) => `#${l.seq} ${l.consumer} ${l.reason} after ${l.attempts}: ${l.error.slice(0, 100)}`),
    'empty',
  );
}

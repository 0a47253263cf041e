import type { WaitingReport } from '@switchboard/durable';
import type { ServiceAnswer } from './services-ops.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What holds one run back, service by service: the rows of the waiting reports that name it. */
export interface RunWaits {
  timers: (WaitingReport['timers'][number] & { service: string })[];
  debounced: (WaitingReport['debouncedKeys'][number] & { service: string })[];
  retries: (WaitingReport['retries'][number] & { service: string })[];
  rateLimits: (WaitingReport['rateLimits'][number] & { service: string })[];
  concurrency: (WaitingReport['concurrency'][number] & { service: string })[];
  deferred: (WaitingReport['deferred'][number] & { service: string })[];
}

/**
 * The waits of a run: timers on its streams, retries of its events, and flow-control keys (rate
 * limits, slots, deferrals) that name the run or one of its aggregates (keys are ids or hold them).
 */
export function waitsOfRun(
  reports: ServiceAnswer<WaitingReport>[],
  run: { runId: string; streamIds: string[]; eventIds: string[]; ids: string[] },
): RunWaits {
  const events = new Set(run.eventIds);
  // The run's own id, its aggregates' ids, and the ids its events name (a campaign's hypotheses, say,
  // whose debounce timer runs on a stream with no event yet).
  const ids = [run.runId, ...run.ids, ...run.streamIds.map((stream) => stream.replace(/^[a-z-]+?-(?=[0-9a-f]{8}-)/i, ''))]
    .map((id) => id.toLowerCase())
    .filter((id) => UUID.test(id) || id === run.runId.toLowerCase());
  const streams = new Set(run.streamIds);
  const namesRun = (key: string) => ids.some((id) => key.toLowerCase().includes(id));
  const onRun = (t: { streamId: string; key: string; correlationId?: string | null }) =>
    t.correlationId === run.runId || streams.has(t.streamId) || namesRun(t.streamId) || namesRun(t.key);
  const waits: RunWaits = { timers: [], debounced: [], retries: [], rateLimits: [], concurrency: [], deferred: [] };
  for (const answer of reports) {
    if (!answer.ok) continue;
    const { service, body } = answer;
    const tag = <T>(rows: T[]) => rows.map((row) => ({ ...row, service }));
    waits.timers.push(...tag(body.timers.filter(onRun)));
    waits.debounced.push(...tag(body.debouncedKeys.filter(onRun)));
    waits.retries.push(...tag(body.retries.filter((r) => events.has(r.eventId))));
    waits.rateLimits.push(...tag(body.rateLimits.filter((r) => namesRun(r.key))));
    waits.concurrency.push(...tag(body.concurrency.filter((c) => namesRun(c.key))));
    waits.deferred.push(...tag(body.deferred.filter((d) => namesRun(d.key))));
  }
  return waits;
}

/// <reference lib="dom" />
import type { ActionKit } from './console-actions.client.js';

/** What the page's script lends this module: elements, tables, its page frame, the API and its live tail. */
export interface RunKit extends Pick<ActionKit, 'h' | 'time' | 'api'> {
  table(caption: string, headers: string[], rows: unknown[][]): HTMLElement;
  page(title: string, ...content: unknown[]): void;
  payload(value: unknown, summary?: string): HTMLElement;
  download(path: string, filename: string): Promise<void>;
  follow(path: string, onEvent: (event: any) => void): () => void; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A run's page: its facts, what holds it back (the debounce columns shared with the waiting page),
 * its dead letters and its timeline followed live, each failed handler attempt as a row under its
 * event; and an event's row, shared with the events page. Served beside consoleClient as the source text of this
 * function, which it calls with its kit, so like it this must use nothing from outside itself.
 */
export function consoleRun(kit: RunKit) {
  const { h, time, table, api, page, payload, download, follow } = kit;
  type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

  /** "Fires at" and "at the latest" of a debounced key (its burst's first call plus its max wait). */
  const debounceHeaders = ['Fires at (once calls stop)', 'At the latest (max wait)'];
  const debounceCells = (t: Json) => [time(t.fireAt), time(t.latestFireAt)];

  function waitsSection(waits: Json): HTMLElement {
    return h(
      'section',
      { 'aria-labelledby': 'waits' },
      h('h2', { id: 'waits' }, 'Why it waits'),
      table('Debounced: fires once events stop coming, at the deadline', ['Service', 'Key', ...debounceHeaders, 'Event'], waits.debounced.map((t: Json) => [t.service, h('code', {}, t.key), ...debounceCells(t), t.eventType])),
      table('Timers', ['Service', 'Key', 'Due', 'Event'], waits.timers.map((t: Json) => [t.service, h('code', {}, t.key), time(t.fireAt), t.eventType])),
      table('Scheduled retries', ['Service', 'Consumer', 'Event', 'Attempt', 'Next attempt', 'Last error'], waits.retries.map((r: Json) => [r.service, r.consumer, r.eventType, r.attempt, time(r.nextAttemptAt), r.lastError])),
      table('Rate-limit windows', ['Service', 'Key', 'Starts in window', 'Oldest start'], waits.rateLimits.map((r: Json) => [r.service, h('code', {}, r.key), r.startsInWindow, time(r.oldestStart)])),
      table('Deferred starts (rate limited)', ['Service', 'Consumer', 'Key', 'Deferred', 'Next due'], waits.deferred.map((d: Json) => [d.service, d.consumer, h('code', {}, d.key), d.deferred, time(d.nextDueAt)])),
      table('Concurrency slots held', ['Service', 'Key', 'Running'], waits.concurrency.map((c: Json) => [c.service, h('code', {}, c.key), c.running])),
    );
  }

  /**
   * The timeline rows of an event's failed handler attempts, to go right under the event's row:
   * when it failed, where, which attempt of which consumer, the error, and when it is tried again.
   */
  function attemptRows(attempts: Json[], eventId: string): HTMLElement[] {
    return attempts
      .filter((a) => a.eventId === eventId)
      .map((a) =>
        h(
          'tr',
          { class: 'attempt', 'data-attempt-of': eventId },
          h('td', { class: 'mono' }, new Date(a.failedAt).toISOString().slice(11, 23)),
          h('td', {}, a.service),
          h('td', { class: 'bad' }, `attempt ${a.attempt} failed`, h('br'), h('span', { class: 'muted' }, a.consumer)),
          h('td', { colspan: 2 }, a.error),
          h('td', {}, a.nextAttemptAt ? `next retry ${time(a.nextAttemptAt)}` : 'gave up (dead-lettered)'),
        ),
      );
  }

  const eventRow = (e: Json): (Node | string)[] => [
    h('span', { class: 'mono' }, new Date(e.occurredAt).toISOString().slice(11, 23)),
    e.domain,
    h('span', {}, h('code', {}, e.type), ` v${e.version}`),
    h('span', { class: 'mono muted' }, `${e.streamId}#${e.streamPosition}`),
    h('span', { class: 'mono muted' }, e.causationId ? e.causationId.slice(-12) : '—'),
    payload(e.payload),
  ];

  /** A run's page, following its events live; answers how to stop following. */
  async function runView(runId: string): Promise<() => void> {
    const detail = await api(`/v1/console/runs/${encodeURIComponent(runId)}`);
    const run = detail.run ?? { runId, kind: '?', status: '?' };
    const rows = h('tbody', {});
    // The live tail looks back a little for late commits, so it may send an event already shown.
    const shown = new Set<string>();
    // Each event's failed handler attempts go right under it.
    const addRow = (e: Json): boolean => {
      if (shown.has(e.eventId)) return false;
      shown.add(e.eventId);
      rows.append(h('tr', { 'data-event': e.eventId }, eventRow(e).map((cell) => h('td', {}, cell))), ...attemptRows(detail.attempts, e.eventId));
      return true;
    };
    detail.timeline.forEach((e: Json) => addRow(e));
    const count = h('span', { 'aria-live': 'polite', class: 'live' }, `${detail.timeline.length} events · following live`);
    const facts = h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Run'), h('dd', { class: 'mono' }, runId),
      h('dt', {}, 'Kind'), h('dd', {}, run.kind),
      h('dt', {}, 'Status'), h('dd', { class: `status-${run.status}`, id: 'run-status' }, run.status),
      h('dt', {}, 'Current step'), h('dd', { id: 'run-step' }, run.currentStep ?? '—'),
      h('dt', {}, 'Started'), h('dd', {}, time(run.startedAt)),
      h('dt', {}, 'Failures'), h('dd', {}, run.failures ?? 0),
      h('dt', {}, 'Trace'), h('dd', {}, detail.trace ? h('a', { href: detail.trace.url, target: '_blank', rel: 'noopener' }, `${detail.trace.traceId} in Jaeger`) : '—'),
    );
    const unreachable = detail.unreachable.length ? h('p', { class: 'bad' }, `Not answering: ${detail.unreachable.map((u: Json) => `${u.service} (${u.error})`).join(', ')}`) : null;
    page(
      run.label ? `Run: ${run.label}` : `Run ${runId}`,
      facts,
      h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => download(`/v1/console/runs/${encodeURIComponent(runId)}/events`, `run-${runId}.json`) }, 'Export events (JSON)')),
      unreachable,
      waitsSection(detail.waits),
      table(
        'Dead letters of this run: consumers that gave up on one of its events',
        ['#', 'Consumer', 'Reason', 'Attempts', 'Last error', ''],
        detail.deadLetters.map((l: Json) => [l.seq, l.consumer, l.reason, l.attempts, l.error, h('a', { href: '#/dead-letters' }, 'to dead letters')]),
      ),
      h('h2', { id: 'timeline' }, 'Timeline ', count),
      h(
        'table',
        { 'aria-labelledby': 'timeline', id: 'timeline-table' },
        h('caption', {}, "Every event of the run across services, each after its cause, with its handlers' failed attempts under it"),
        h('thead', {}, h('tr', {}, ['Time (UTC)', 'Service', 'Type', 'Stream', 'Caused by', 'Payload (masked)'].map((t) => h('th', { scope: 'col' }, t)))),
        rows,
      ),
    );
    let total = detail.timeline.length;
    // The run's row is fetched again at most every 2 s, however fast its events come.
    let refreshing: ReturnType<typeof setTimeout> | undefined;
    const refresh = () =>
      api(`/v1/console/runs?q=${encodeURIComponent(runId)}&limit=1`).then(({ runs }) => {
        refreshing = undefined;
        const fresh = runs.find((r: Json) => r.runId === runId);
        if (!fresh) return;
        const status = document.getElementById('run-status');
        if (status) {
          status.textContent = fresh.status;
          status.className = `status-${fresh.status}`;
        }
        const step = document.getElementById('run-step');
        if (step) step.textContent = fresh.currentStep ?? '—';
      });
    return follow(`/v1/console/events/live?run=${encodeURIComponent(runId)}`, (event) => {
      if (!addRow(event)) return;
      count.textContent = `${++total} events · following live`;
      refreshing ??= setTimeout(() => void refresh(), 2_000);
    });
  }

  return { debounceHeaders, debounceCells, eventRow, runView };
}

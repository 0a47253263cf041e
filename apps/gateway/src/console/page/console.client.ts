/// <reference lib="dom" />
import type { consoleActions } from './console-actions.client.js';
import type { consoleRun } from './console-run.client.js';

/**
 * The console's browser code. It runs in the page, not in the gateway: the gateway serves it as
 * the source text of this function (compiled with the gateway, so it is type-checked and needs no
 * bundler), and it must use nothing from outside itself. It only calls the /v1/console API with the
 * key the operator typed (kept in this tab's sessionStorage), so it can do nothing a script cannot.
 * Its bulk, cron and replay actions, and a run's waits and attempts, are functions of their own,
 * served beside it and passed in.
 */
export function consoleClient(actionsOf: typeof consoleActions, runOf: typeof consoleRun): void {
  type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  type Child = Node | string | number | null | undefined | false;

  const KEY = 'switchboard-console-key';
  const view = document.getElementById('view')!;
  const alertBox = document.getElementById('alert')!;
  let role = 'reader';
  let stopLive: (() => void) | undefined;

  /** An element with attributes (on* take functions) and children; text is never parsed as HTML. */
  function h(tag: string, attrs: Record<string, unknown> = {}, ...children: (Child | Child[])[]): HTMLElement {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
      else element.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : String(child));
    }
    return element;
  }

  const time = (value: string | null | undefined) => (value ? new Date(value).toLocaleString() : '—');
  const fail = (message: string) => {
    alertBox.textContent = message;
    alertBox.hidden = false;
  };

  async function api(path: string, init: RequestInit = {}): Promise<Json> {
    const response = await fetch(path, {
      ...init,
      headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    const body = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
    if (!response.ok) {
      const detail = typeof body === 'object' && body ? body.detail ?? body.title ?? JSON.stringify(body) : String(body);
      throw new Error(`${response.status}: ${detail}`);
    }
    return body;
  }

  const post = (path: string, body: object) =>
    api(path, { method: 'POST', body: JSON.stringify(body), headers: { 'idempotency-key': crypto.randomUUID() } });

  const actions = actionsOf({ h, api, post, fail, time });
  const runParts = runOf({ h, time, table });

  /** Server-sent events read with fetch, so the key travels in a header as with every other call. */
  function follow(path: string, onEvent: (event: Json) => void): () => void {
    const abort = new AbortController();
    void (async () => {
      while (!abort.signal.aborted) {
        try {
          const response = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` }, signal: abort.signal });
          const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              const type = /^event: (.*)$/m.exec(block)?.[1];
              const data = /^data: (.*)$/m.exec(block)?.[1];
              if (type === 'event' && data) onEvent(JSON.parse(data));
            }
          }
        } catch {
          /* aborted, or the gateway restarted: reconnect below */
        }
        if (!abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    })();
    return () => abort.abort();
  }

  function table(caption: string, headers: string[], rows: Child[][]): HTMLElement {
    return h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows.length ? rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell)))) : h('tr', {}, h('td', { colspan: headers.length, class: 'muted' }, 'none'))),
    );
  }

  const payload = (value: unknown, summary = 'payload') => h('details', {}, h('summary', {}, summary), h('pre', {}, JSON.stringify(value, null, 2)));

  async function download(path: string, filename: string) {
    const response = await fetch(path, { headers: { authorization: `Bearer ${sessionStorage.getItem(KEY) ?? ''}` } });
    if (!response.ok) return fail(`export failed: ${response.status}`);
    const link = h('a', { href: URL.createObjectURL(await response.blob()), download: filename });
    link.click();
  }

  function page(title: string, ...content: Child[]) {
    const nodes = content.filter((c) => c !== null && c !== undefined && c !== false).map((c) => (c instanceof Node ? c : String(c)));
    view.replaceChildren(h('h1', {}, title), ...nodes);
    document.title = `${title} · Switchboard ops`;
  }

  /** Navigates, or routes again when the address is already that one (the same filters submitted twice). */
  const go = (hash: string) => {
    if (location.hash === hash) void route();
    else location.hash = hash;
  };

  // ---- views -------------------------------------------------------------------------------

  async function runsView(params: URLSearchParams) {
    const field = (name: string, label: string, input: HTMLElement) => {
      input.setAttribute('name', name);
      input.setAttribute('id', `f-${name}`);
      if (params.get(name)) (input as HTMLInputElement).value = params.get(name)!;
      return h('label', { for: `f-${name}` }, label, input);
    };
    const statuses = ['', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED'];
    const form = h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter runs' },
      field('q', 'Search (id, payload term, last 4 digits of a phone)', h('input', { type: 'search', size: 34 })),
      field('kind', 'Kind', h('input', { type: 'text', placeholder: 'call-research', size: 14 })),
      field('status', 'Status', h('select', {}, statuses.map((s) => h('option', { value: s }, s || 'any')))),
      field('from', 'Started from', h('input', { type: 'datetime-local' })),
      field('to', 'Started before', h('input', { type: 'datetime-local' })),
      h('button', { class: 'primary', type: 'submit' }, 'Filter'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      for (const [name, value] of new FormData(form as HTMLFormElement)) if (value) next.set(name, String(value));
      go(`#/runs?${next}`);
    });
    const query = new URLSearchParams();
    for (const name of ['q', 'kind', 'status', 'cursor']) if (params.get(name)) query.set(name, params.get(name)!);
    for (const name of ['from', 'to']) if (params.get(name)) query.set(name, new Date(params.get(name)!).toISOString());
    const { runs, next } = await api(`/v1/console/runs?${query}`);
    const list = table(
      'One row per workflow run, newest first',
      ['Run', 'Kind', 'Status', 'Step', 'Started', 'Last activity', 'Failures', 'Events'],
      runs.map((run: Json) => [
        h('a', { href: `#/runs/${encodeURIComponent(run.runId)}` }, run.label ? `${run.label} ` : '', h('span', { class: 'mono muted' }, run.runId)),
        run.kind,
        h('span', { class: `status-${run.status}` }, run.status),
        run.currentStep ?? '—',
        time(run.startedAt),
        time(run.lastActivityAt),
        h('span', { class: run.failures ? 'bad' : '' }, run.failures),
        run.events,
      ]),
    );
    const more = new URLSearchParams(params);
    if (next) more.set('cursor', next);
    const csv = new URLSearchParams(query);
    csv.delete('cursor');
    page(
      'Runs',
      form,
      list,
      h(
        'div',
        { class: 'actions' },
        next ? h('a', { href: `#/runs?${more}` }, 'Next page') : h('span', { class: 'muted' }, 'Last page'),
        h('button', { type: 'button', onclick: () => download(`/v1/console/runs/export.csv?${csv}`, 'runs.csv') }, 'Export CSV'),
      ),
      role === 'operator' ? actions.runsBulk(Object.fromEntries(csv)) : null,
    );
  }

  const eventRow = (e: Json): Child[] => [
    h('span', { class: 'mono' }, new Date(e.occurredAt).toISOString().slice(11, 23)),
    e.domain,
    h('span', {}, h('code', {}, e.type), ` v${e.version}`),
    h('span', { class: 'mono muted' }, `${e.streamId}#${e.streamPosition}`),
    h('span', { class: 'mono muted' }, e.causationId ? e.causationId.slice(-12) : '—'),
    payload(e.payload),
  ];

  async function runView(runId: string) {
    const detail = await api(`/v1/console/runs/${encodeURIComponent(runId)}`);
    const run = detail.run ?? { runId, kind: '?', status: '?' };
    const rows = h('tbody', {});
    // The live tail looks back a little for late commits, so it may send an event already shown.
    const shown = new Set<string>();
    // Each event's failed handler attempts go right under it.
    const addRow = (e: Json): boolean => {
      if (shown.has(e.eventId)) return false;
      shown.add(e.eventId);
      rows.append(h('tr', { 'data-event': e.eventId }, eventRow(e).map((cell) => h('td', {}, cell))), ...runParts.attemptRows(detail.attempts, e.eventId));
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
      runParts.waitsSection(detail.waits),
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
    stopLive = follow(`/v1/console/events/live?run=${encodeURIComponent(runId)}`, (event) => {
      if (!addRow(event)) return;
      count.textContent = `${++total} events · following live`;
      refreshing ??= setTimeout(() => void refresh(), 2_000);
    });
  }

  async function waitingView() {
    const reports = await api('/v1/console/operations/waiting');
    const sections = reports.map((answer: Json) => {
      if (!answer.ok) return h('section', {}, h('h2', {}, answer.service), h('p', { class: 'bad' }, answer.error));
      const w = answer.body;
      const link = (streamId: string) => h('span', { class: 'mono' }, streamId);
      const runLink = (runId: string | null) => (runId ? h('a', { href: `#/runs/${encodeURIComponent(runId)}`, class: 'mono' }, runId.slice(0, 8)) : '—');
      return h(
        'section',
        { 'aria-label': answer.service },
        h('h2', {}, answer.service),
        table('Debounced keys', ['Key', ...runParts.debounceHeaders, 'Run', 'Event'], w.debouncedKeys.map((t: Json) => [h('code', {}, t.key), ...runParts.debounceCells(t), runLink(t.correlationId), t.eventType])),
        table('Timers by due time', ['Key', 'Due', 'Stream', 'Run', 'Event'], w.timers.map((t: Json) => [h('code', {}, t.key), time(t.fireAt), link(t.streamId), runLink(t.correlationId), t.eventType])),
        table('Rate-limit windows', ['Key', 'Starts in window', 'Oldest start'], w.rateLimits.map((r: Json) => [h('code', {}, r.key), r.startsInWindow, time(r.oldestStart)])),
        table('Concurrency slots', ['Key', 'Running'], w.concurrency.map((c: Json) => [h('code', {}, c.key), c.running])),
        table('Scheduled retries', ['Consumer', 'Event', 'Attempt', 'Next attempt', 'Last error'], w.retries.map((r: Json) => [r.consumer, r.eventType, r.attempt, time(r.nextAttemptAt), r.lastError])),
        table('Deferred starts', ['Consumer', 'Key', 'Deferred', 'Next due'], w.deferred.map((d: Json) => [d.consumer, h('code', {}, d.key), d.deferred, time(d.nextDueAt)])),
      );
    });
    page('Waiting', h('p', { class: 'muted' }, 'What every service holds back, and until when. A key or stream names the run it belongs to (search it on Runs).'), ...sections);
  }

  async function eventsView(params: URLSearchParams) {
    const query = new URLSearchParams();
    if (params.get('type')) query.set('type', params.get('type')!);
    if (params.get('run')) query.set('run', params.get('run')!);
    const latest = await api(`/v1/console/events?${query}&limit=100`);
    const form = h(
      'form',
      { class: 'filters', 'aria-label': 'Filter events' },
      h('label', { for: 'f-type' }, 'Type starts with', h('input', { id: 'f-type', name: 'type', value: params.get('type') ?? '', placeholder: 'telephony.call' })),
      h('label', { for: 'f-run' }, 'Run (correlation id)', h('input', { id: 'f-run', name: 'run', value: params.get('run') ?? '' })),
      h('button', { class: 'primary', type: 'submit' }, 'Follow'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = new URLSearchParams();
      for (const [name, value] of new FormData(form as HTMLFormElement)) if (value) next.set(name, String(value));
      go(`#/events?${next}`);
    });
    const rows = h('tbody', {});
    const add = (e: Json) => rows.prepend(h('tr', {}, [...eventRow(e), h('a', { href: `#/runs/${encodeURIComponent(e.runId)}` }, 'run')].map((cell) => h('td', {}, cell))));
    latest.forEach(add);
    page(
      'Events',
      form,
      h(
        'table',
        {},
        h('caption', {}, 'Live tail of every stream, newest first'),
        h('thead', {}, h('tr', {}, ['Time (UTC)', 'Service', 'Type', 'Stream', 'Caused by', 'Payload (masked)', 'Run'].map((t) => h('th', { scope: 'col' }, t)))),
        rows,
      ),
    );
    stopLive = follow(`/v1/console/events/live?${query}`, add);
  }

  async function deadLettersView(done?: string) {
    const letters = await api('/v1/console/dead-letters');
    const operator = role === 'operator';
    const status = h('p', { role: 'status', 'aria-live': 'polite' }, done);
    const act = async (what: string, run: () => Promise<Json>) => {
      try {
        await run();
        await deadLettersView(what);
      } catch (error) {
        fail(String(error));
      }
    };
    const letterActions = (letter: Json) => {
      if (!operator) return null;
      const reason = h('input', { 'aria-label': `Reason for dead letter ${letter.seq}`, placeholder: 'reason', size: 16 }) as HTMLInputElement;
      return h(
        'div',
        { class: 'actions' },
        reason,
        h('button', { type: 'button', class: 'primary', onclick: () => act(`#${letter.seq} redriven`, () => post(`/v1/console/dead-letters/${letter.seq}/redrive`, reason.value ? { reason: reason.value } : {})) }, `Redrive #${letter.seq}`),
        h('button', { type: 'button', class: 'danger', onclick: () => (reason.value ? act(`#${letter.seq} discarded`, () => post(`/v1/console/dead-letters/${letter.seq}/discard`, { reason: reason.value })) : fail('say why before discarding')) }, `Discard #${letter.seq}`),
      );
    };
    const details = (letter: Json) => {
      const box = h('details', {}, h('summary', {}, 'attempts and payload'));
      box.addEventListener('toggle', async () => {
        if (box.childElementCount > 1) return;
        const full = await api(`/v1/console/dead-letters/${letter.seq}`);
        box.append(table('Every attempt', ['Attempt', 'Error'], full.attemptErrors.map((a: Json) => [a.attempt, a.error])), h('pre', {}, JSON.stringify(full.payload, null, 2)));
      });
      return box;
    };
    const bulk = operator
      ? actions.bulkAction({
          id: 'bulk-redrive',
          title: 'Redrive all matching',
          fields: [
            { name: 'consumer', label: 'Consumer' },
            { name: 'subject', label: 'Subject contains' },
            { name: 'reason', label: 'Reason' },
          ],
          button: 'Redrive all matching',
          path: '/v1/console/dead-letters/redrive',
          verb: 'redriven',
        })
      : null;
    page(
      'Dead letters',
      status,
      table(
        'Messages consumers gave up on',
        ['#', 'Parked', 'Consumer', 'Reason', 'Attempts', 'Subject', 'Last error', 'Details', ...(operator ? ['Actions'] : [])],
        letters.map((l: Json) => [l.seq, time(l.parkedAt), l.consumer, l.reason, l.attempts, h('code', {}, l.originalSubject), l.error, details(l), ...(operator ? [letterActions(l)] : [])]),
      ),
      bulk,
    );
  }

  async function consumersView() {
    const [consumers, services, waiting] = await Promise.all([api('/v1/console/operations/consumers'), api('/v1/console/operations/services'), api('/v1/console/operations/waiting')]);
    // Cron schedules are the services' repeating timers (`every`): their key, period and next firing.
    const crons = waiting.flatMap((answer: Json) => (answer.ok ? answer.body.timers.filter((t: Json) => t.kind === 'every').map((t: Json) => ({ ...t, service: answer.service })) : []));
    const operator = role === 'operator';
    const cronStatus = h('p', { role: 'status', 'aria-live': 'polite' });
    page(
      'Consumers & services',
      table(
        'Durable consumers: pending is their lag',
        ['Stream', 'Consumer', 'Pending (lag)', 'Ack pending', 'Redelivered', 'Waiting pulls'],
        consumers.map((c: Json) => [c.stream, c.consumer, c.pending, c.ackPending, c.redelivered, c.waiting]),
      ),
      table('Services', ['Service', 'Health', 'Details'], services.map((s: Json) => [s.service, h('span', { class: s.ok ? 'status-COMPLETED' : 'bad' }, s.ok ? 'up' : 'down'), s.ok ? payload(s.body, 'checks') : s.error])),
      table(
        'Cron schedules (repeating timers)',
        ['Service', 'Key', 'Every', 'Next firing', 'Event', ...(operator ? ['Action'] : [])],
        crons.map((t: Json) => [t.service, h('code', {}, t.key), `${Math.round(t.repeatEveryMs / 1000)} s`, time(t.fireAt), t.eventType, ...(operator ? [actions.cronRunNow(t, cronStatus)] : [])]),
      ),
      cronStatus,
      operator ? actions.replayForm() : null,
    );
  }

  async function auditView() {
    const entries = await api('/v1/console/audit');
    page(
      'Audit',
      table(
        'Every operator action, newest first',
        ['When', 'Who', 'Action', 'Target', 'Why', 'Outcome'],
        entries.map((e: Json) => [time(e.occurredAt), h('code', {}, e.actor), e.action, e.target, e.reason ?? '—', e.outcome]),
      ),
    );
  }

  // ---- sign-in and routing ------------------------------------------------------------------

  function signIn(message?: string) {
    const input = h('input', { id: 'key', type: 'password', autocomplete: 'off', required: true, size: 40 }) as HTMLInputElement;
    const form = h(
      'form',
      { 'aria-label': 'Sign in' },
      h('label', { for: 'key' }, 'API key or operator key', input),
      h('p', {}, h('button', { class: 'primary', type: 'submit' }, 'Open the console')),
      message ? h('p', { class: 'bad' }, message) : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, input.value.trim());
      void route();
    });
    view.replaceChildren(h('h1', {}, 'Switchboard ops console'), form);
    input.focus();
  }

  async function route() {
    stopLive?.();
    stopLive = undefined;
    alertBox.hidden = true;
    if (!sessionStorage.getItem(KEY)) return signIn();
    try {
      const me = await api('/v1/console/audit/me');
      role = me.role;
      document.getElementById('who')!.replaceChildren(
        `${me.role === 'operator' ? 'Operator' : 'Read-only'} (${me.actor}) `,
        h('button', { type: 'button', onclick: () => (sessionStorage.removeItem(KEY), signIn()) }, 'Sign out'),
      );
    } catch (error) {
      sessionStorage.removeItem(KEY);
      return signIn(String(error));
    }
    document.getElementById('nav')!.hidden = false;
    const [path, search] = (location.hash.slice(1) || '/runs').split('?');
    const params = new URLSearchParams(search ?? '');
    const section = path.split('/')[1];
    for (const link of document.querySelectorAll('nav a')) {
      if (link.getAttribute('href') === `#/${section}`) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    try {
      if (path.startsWith('/runs/')) await runView(decodeURIComponent(path.slice('/runs/'.length)));
      else if (section === 'waiting') await waitingView();
      else if (section === 'events') await eventsView(params);
      else if (section === 'dead-letters') await deadLettersView();
      else if (section === 'consumers') await consumersView();
      else if (section === 'audit') await auditView();
      else await runsView(params);
      view.focus();
    } catch (error) {
      fail(String(error));
    }
  }

  window.addEventListener('hashchange', () => void route());
  void route();
}

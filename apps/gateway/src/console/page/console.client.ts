/// <reference lib="dom" />
import type { consoleActions } from './console-actions.client.js';
import type { consoleOperations } from './console-operations.client.js';
import type { consoleRun } from './console-run.client.js';

/**
 * The console's browser code. It runs in the page, not in the gateway: the gateway serves it as
 * the source text of this function (compiled with the gateway, so it is type-checked and needs no
 * bundler), and it must use nothing from outside itself. It only calls the /v1/console API with the
 * key the operator typed (kept in this tab's sessionStorage), so it can do nothing a script cannot.
 * Its bulk, cron and replay actions, and a run's waits and attempts, are functions of their own,
 * served beside it and passed in.
 */
export function consoleClient(actionsOf: typeof consoleActions, runOf: typeof consoleRun, operationsOf: typeof consoleOperations): void {
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

  const actions = actionsOf({ h, api, post, fail, time });
  const runParts = runOf({ h, time, api, table, page, payload, download, follow });
  const operations = operationsOf({ h, api, post, fail, time, table, page, payload, download, follow, isOperator: () => role === 'operator', actions, runParts });

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
    const add = (e: Json) => rows.prepend(h('tr', {}, [...runParts.eventRow(e), h('a', { href: `#/runs/${encodeURIComponent(e.runId)}` }, 'run')].map((cell) => h('td', {}, cell))));
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
      if (path.startsWith('/runs/')) stopLive = await runParts.runView(decodeURIComponent(path.slice('/runs/'.length)));
      else if (section === 'waiting') await operations.waitingView();
      else if (section === 'events') await eventsView(params);
      else if (section === 'dead-letters') await operations.deadLettersView();
      else if (section === 'consumers') await operations.consumersView();
      else if (section === 'audit') await operations.auditView();
      else await runsView(params);
      view.focus();
    } catch (error) {
      fail(String(error));
    }
  }

  window.addEventListener('hashchange', () => void route());
  void route();
}

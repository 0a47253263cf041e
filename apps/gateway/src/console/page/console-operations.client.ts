/// <reference lib="dom" />
import type { consoleActions, ActionKit } from './console-actions.client.js';
import type { consoleRun, RunKit } from './console-run.client.js';

/** What the page's script lends its operations pages: its kit, its page frame and what the caller may do. */
export interface OperationsKit extends ActionKit, RunKit {
  page(title: string, ...content: unknown[]): void;
  payload(value: unknown, summary?: string): HTMLElement;
  isOperator(): boolean;
  actions: ReturnType<typeof consoleActions>;
  runParts: ReturnType<typeof consoleRun>;
}

/**
 * The console's operations pages: what every service holds back, dead letters, consumers and
 * services with their crons, and the audit trail. Served beside consoleClient as the source text of
 * this function, which it calls with its kit, so like it this must use nothing from outside itself.
 */
export function consoleOperations(kit: OperationsKit) {
  const { h, api, post, fail, time, table, page, payload, isOperator, actions } = kit;
  const { debounceHeaders, debounceCells } = kit.runParts;
  type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

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
        table('Debounced keys', ['Key', ...debounceHeaders, 'Run', 'Event'], w.debouncedKeys.map((t: Json) => [h('code', {}, t.key), ...debounceCells(t), runLink(t.correlationId), t.eventType])),
        table('Timers by due time', ['Key', 'Due', 'Stream', 'Run', 'Event'], w.timers.map((t: Json) => [h('code', {}, t.key), time(t.fireAt), link(t.streamId), runLink(t.correlationId), t.eventType])),
        table('Rate-limit windows', ['Key', 'Starts in window', 'Oldest start'], w.rateLimits.map((r: Json) => [h('code', {}, r.key), r.startsInWindow, time(r.oldestStart)])),
        table('Concurrency slots', ['Key', 'Running'], w.concurrency.map((c: Json) => [h('code', {}, c.key), c.running])),
        table('Scheduled retries', ['Consumer', 'Event', 'Attempt', 'Next attempt', 'Last error'], w.retries.map((r: Json) => [r.consumer, r.eventType, r.attempt, time(r.nextAttemptAt), r.lastError])),
        table('Deferred starts', ['Consumer', 'Key', 'Deferred', 'Next due'], w.deferred.map((d: Json) => [d.consumer, h('code', {}, d.key), d.deferred, time(d.nextDueAt)])),
      );
    });
    page('Waiting', h('p', { class: 'muted' }, 'What every service holds back, and until when. A key or stream names the run it belongs to (search it on Runs).'), ...sections);
  }

  async function deadLettersView(done?: string) {
    const letters = await api('/v1/console/dead-letters');
    const operator = isOperator();
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
    const operator = isOperator();
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

  return { waitingView, deadLettersView, consumersView, auditView };
}

/// <reference lib="dom" />
import type { ActionKit } from './console-actions.client.js';

/** What the page's script lends this module: building elements and tables, and showing times. */
export interface RunKit extends Pick<ActionKit, 'h' | 'time'> {
  table(caption: string, headers: string[], rows: unknown[][]): HTMLElement;
}

/**
 * How the page shows what holds a run back and how its handlers failed: the waits of a run's page,
 * the debounce columns it shares with the waiting page, and each failed handler attempt as a row
 * of the timeline under its event. Served beside consoleClient as the source text of this
 * function, which it calls with its kit, so like it this must use nothing from outside itself.
 */
export function consoleRun(kit: RunKit) {
  const { h, time, table } = kit;
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

  return { debounceHeaders, debounceCells, waitsSection, attemptRows };
}

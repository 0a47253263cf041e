/// <reference lib="dom" />

/** What the page's script lends its actions: building elements and calling the console's API. */
export interface ActionKit {
  h(tag: string, attrs?: Record<string, unknown>, ...children: unknown[]): HTMLElement;
  api(path: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  post(path: string, body: object): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  fail(message: string): void;
  time(value: string | null | undefined): string;
}

/**
 * The page's operator actions that start work elsewhere: bulk jobs followed to their end (redrive
 * matching dead letters, cancel matching runs, replay a kind's runs), a cron run now and a
 * consumer's replay. Served beside consoleClient as the source text of this function, which it
 * calls with its kit, so like it this must use nothing from outside itself.
 */
export function consoleActions(kit: ActionKit) {
  const { h, api, post, fail, time } = kit;

  /** One line of a bulk job's counts, with why items were skipped and what failed. */
  function summary(job: { total: number; done: number; failed: number; skipped: number; errors: string[]; skips: Record<string, number> }, verb: string): string {
    const skips = Object.entries(job.skips).map(([why, count]) => `${why} (${count})`);
    return [
      `${job.done} of ${job.total} ${verb}`,
      job.skipped ? `${job.skipped} skipped: ${skips.join('; ')}` : '',
      job.failed ? `${job.failed} failed: ${job.errors.join('; ')}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  }

  /**
   * A form that starts a bulk job (its fields plus a fixed body) and follows its progress until it
   * ends, on GET /v1/console/jobs/{id}: the same view for every bulk action.
   */
  function bulkAction(options: {
    id: string;
    title: string;
    note?: string;
    fields: { name: string; label: string; type?: 'text' | 'datetime-local'; value?: string; required?: boolean }[];
    fixed?: Record<string, string>;
    button: string;
    path: string;
    verb: string;
  }): HTMLElement {
    const status = h('p', { role: 'status', 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'filters', 'aria-label': options.title },
      options.fields.map((field) =>
        h('label', { for: `${options.id}-${field.name}` }, field.label, h('input', { id: `${options.id}-${field.name}`, name: field.name, type: field.type ?? 'text', value: field.value, required: field.required })),
      ),
      h('button', { type: 'submit', class: 'danger' }, options.button),
    );
    const progress = h('progress', { max: 1, value: 0, 'aria-label': `${options.title}: progress` }) as HTMLProgressElement;
    const show = (job: { total: number; done: number; failed: number; skipped: number }) => {
      progress.max = Math.max(1, job.total);
      progress.value = job.done + job.failed + job.skipped;
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body: Record<string, string> = { ...options.fixed };
      for (const [name, value] of new FormData(form as HTMLFormElement)) {
        // A time typed in the operator's zone is sent as the instant it names.
        const local = options.fields.find((field) => field.name === name)?.type === 'datetime-local';
        if (value) body[name] = local ? new Date(String(value)).toISOString() : String(value);
      }
      try {
        let job = await post(options.path, body);
        while (job.state === 'running') {
          show(job);
          status.textContent = `${options.verb}: ${job.done + job.failed + job.skipped} of ${job.total}`;
          await new Promise((resolve) => setTimeout(resolve, 300));
          job = await api(`/v1/console/jobs/${job.id}`);
        }
        show(job);
        status.textContent = summary(job, options.verb);
      } catch (error) {
        fail(String(error));
      }
    });
    return h('section', { 'aria-labelledby': options.id }, h('h2', { id: options.id }, options.title), options.note ? h('p', { class: 'muted' }, options.note) : null, form, progress, status);
  }

  /**
   * The runs page's bulk actions, for the runs its filters match (`filters`, as the runs list takes
   * them): cancel them all, or replay their kind from a time.
   */
  function runsBulk(filters: Record<string, string>): HTMLElement {
    const cancel = bulkAction({
      id: 'bulk-cancel',
      title: 'Cancel all matching runs',
      note: "Every run the filters above match (not only this page), each through its workflow's own cancel; runs of kinds without one, and runs already ended, are skipped and said so.",
      fields: [{ name: 'reason', label: 'Reason' }],
      fixed: filters,
      button: 'Cancel matching runs',
      path: '/v1/console/runs/cancel',
      verb: 'canceled',
    });
    const replay = bulkAction({
      id: 'bulk-replay',
      title: "Replay a kind's runs from a time",
      note: "Rewinds every service consumer the kind's events go through to that time: they reprocess what was published since, of every run (their inbox lets it through once more).",
      fields: [
        { name: 'kind', label: 'Kind', value: filters.kind ?? '', required: true },
        { name: 'since', label: 'Since', type: 'datetime-local', required: true },
        { name: 'reason', label: 'Reason' },
      ],
      button: 'Replay',
      path: '/v1/console/runs/replay',
      verb: 'consumers rewound',
    });
    return h('div', {}, cancel, replay);
  }

  /** "Run now" of one service's cron: fired as at its slot, its next firing unchanged. */
  function cronRunNow(cron: { service: string; key: string }, status: HTMLElement): HTMLElement {
    return h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          try {
            const fired = await post('/v1/console/operations/crons/run-now', { service: cron.service, key: cron.key });
            status.textContent = `${cron.service} ${cron.key}: ${fired.eventType} appended now; next firing still ${time(fired.nextFireAt)}`;
          } catch (error) {
            fail(String(error));
          }
        },
      },
      `Run ${cron.key} now`,
    );
  }

  /** Rewinds one durable consumer to a sequence or a time; its pending on this page then falls as it reprocesses. */
  function replayForm(): HTMLElement {
    const status = h('p', { role: 'status', 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'filters', 'aria-label': 'Replay a consumer' },
      h('label', { for: 'r-consumer' }, 'Consumer (without namespace)', h('input', { id: 'r-consumer', name: 'consumer', required: true, placeholder: 'claims-call-outcomes' })),
      h('label', { for: 'r-seq' }, 'From sequence', h('input', { id: 'r-seq', name: 'fromSequence', inputmode: 'numeric' })),
      h('label', { for: 'r-since' }, 'Or since', h('input', { id: 'r-since', name: 'since', type: 'datetime-local' })),
      h('label', { for: 'r-reason' }, 'Reason', h('input', { id: 'r-reason', name: 'reason' })),
      h('button', { type: 'submit', class: 'danger' }, 'Replay'),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body: Record<string, unknown> = {};
      for (const [name, value] of new FormData(form as HTMLFormElement)) {
        if (!value) continue;
        body[name] = name === 'fromSequence' ? Number(value) : name === 'since' ? new Date(String(value)).toISOString() : String(value);
      }
      try {
        const done = await post('/v1/console/operations/replay', body);
        status.textContent = `${done.consumer}: generation ${done.generation}, ${done.pending} to reprocess (its pending above falls as it does)`;
      } catch (error) {
        fail(String(error));
      }
    });
    return h('section', { 'aria-labelledby': 'replay' }, h('h2', { id: 'replay' }, 'Replay a consumer'), form, status);
  }

  return { bulkAction, runsBulk, cronRunNow, replayForm };
}

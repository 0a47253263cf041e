import type { RecordedRequest } from '@switchboard/testing';
import type { SystemUnderTest } from '../../scripts/system/system-under-test.js';

/** Where a run's time goes, from its events and the provider requests the simulator saw. */
export interface RunPhases {
  /** requested -> started event (one hop through the outbox relay and the start consumer). */
  toStarted: number;
  /** started event -> its first prospect question reaches Perplexity (second hop, slot wait, rate limit). */
  toWeb: number;
  /** first prospect question -> last web answer the run needed (prospects and companies it asked or waited for). */
  web: number;
  /** last prospect answer -> the brief asked of Claude (companies another run was asking, campaign context). */
  toBrief: number;
  brief: number;
  /** Claude's answer -> the completed event committed. */
  toCompleted: number;
}

interface Prospect {
  email: string;
  name?: string;
  companyDomain: string;
}

interface RunEvents {
  id: string;
  prospects: Prospect[];
  requested: number;
  started: number;
  completed: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function runTimeline(system: SystemUnderTest, slots: number) {
  const rows = await system.query<{ stream_id: string; type: string; payload: { prospects?: Prospect[] }; at: Date }>(
    'research',
    `SELECT stream_id, type, payload, occurred_at AS at FROM $schema.events WHERE type LIKE '%research-run.%' ORDER BY global_position`,
  );
  const runs = new Map<string, RunEvents>();
  for (const row of rows) {
    const run = runs.get(row.stream_id) ?? { id: row.stream_id, prospects: [], requested: NaN, started: NaN, completed: NaN };
    const at = row.at.getTime();
    if (row.type.endsWith('.requested')) Object.assign(run, { requested: at, prospects: row.payload.prospects! });
    else if (row.type.endsWith('.started')) run.started = at;
    else run.completed = at;
    runs.set(row.stream_id, run);
  }
  const requests = system.simulator.state.requests;
  const asked = (endpoint: string, text: string) => requests.filter((r) => r.endpoint === endpoint && JSON.stringify(r.body).includes(text));
  const phases: RunPhases[] = [];
  const spans: [number, number][] = [];
  for (const run of runs.values()) {
    // The prospect questions name the prospect and the company (company-research.ts); the brief's prompt has the addresses.
    const web = run.prospects.flatMap((p) => asked('perplexity.chat', `Research ${p.name ?? p.email} at ${p.companyDomain}:`));
    const claude = run.prospects[0] && asked('anthropic.messages', run.prospects[0].email).at(-1);
    if (!web.length || !claude?.answeredAt) continue;
    const time = (r: RecordedRequest, key: 'at' | 'answeredAt') => Date.parse(r[key]!);
    const webStart = Math.min(...web.map((r) => time(r, 'at')));
    const webEnd = Math.max(...web.map((r) => time(r, 'answeredAt')));
    phases.push({
      toStarted: run.started - run.requested,
      toWeb: webStart - run.started,
      web: webEnd - webStart,
      toBrief: time(claude, 'at') - webEnd,
      brief: time(claude, 'answeredAt') - time(claude, 'at'),
      toCompleted: run.completed - time(claude, 'answeredAt'),
    });
    spans.push([webStart, run.completed]);
  }
  const keys = Object.keys(phases[0] ?? {}) as (keyof RunPhases)[];
  const summary = keys.map((key) => `${key} ${median(phases.map((p) => p[key])).toFixed(0)}/${mean(phases.map((p) => p[key])).toFixed(0)}`).join(', ');
  // How full the run slots were from the first provider request to the last completion.
  const from = Math.min(...spans.map(([a]) => a));
  const to = Math.max(...spans.map(([, b]) => b));
  const busy = spans.reduce((sum, [a, b]) => sum + (b - a), 0);
  return {
    summary: `per-run phases, ms (median/mean): ${summary}`,
    occupancy: `runs in their providers or storing: ${(busy / (to - from)).toFixed(1)} of ${slots} slots on average over ${((to - from) / 1000).toFixed(1)} s`,
  };
}

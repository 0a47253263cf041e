import { loadavg } from 'node:os';
import { SystemUnderTest } from '../../scripts/system/system-under-test.js';
import { runTimeline } from './run-timeline.js';
import { backfillBoundMs } from './backfill-bound.js';
import { sampleConnections } from './connection-sampler.js';

/**
 * A bulk backfill of meeting prep through the whole system (six service processes): MEETINGS
 * meetings with PROSPECTS_PER_MEETING prospects each, from COMPANIES companies, pushed by the
 * simulated Google Calendar, at simulated provider latencies (Perplexity 1.5 s, Claude 4 s), with
 * the limits raised as a user would for it. Prints the wall time beside the bound those limits
 * imply, the company cache hit rate and provider requests per brief.
 */
const MEETINGS = Number(process.env.MEETINGS ?? 200);
const PER_MEETING = Number(process.env.PROSPECTS_PER_MEETING ?? 3);
const COMPANIES = Number(process.env.COMPANIES ?? 150);
const RATE = Number(process.env.PERPLEXITY_RATE_LIMIT ?? 600); // per minute
const RUNS = Number(process.env.RESEARCH_CONCURRENCY ?? 16);
const PERPLEXITY_MS = 1_500;
const CLAUDE_MS = 4_000;
/** The debounce's quiet after a burst of pushes (SYNC_DEBOUNCE in the research service): a limit of the design, not of a provider. */
const SYNC_QUIET_MS = 2_000;

const system = await SystemUnderTest.start({
  PERPLEXITY_RATE_LIMIT: String(RATE),
  PERPLEXITY_RATE_WINDOW_MS: '60000',
  RESEARCH_CONCURRENCY: String(RUNS),
  DATABASE_POOL_MAX: String(RUNS + 8),
  LOG_LEVEL: 'error',
  // CPU_PROF_DIR=dir: the research service writes a V8 CPU profile there when it stops.
  ...(process.env.CPU_PROF_DIR && { CPU_PROF_SERVICE: 'research', NODE_OPTIONS: `--import ${new URL('../support/cpu-profile.mjs', import.meta.url).pathname}` }),
});
// An idle connection of the bench's own pool ended by the server (others share this PostgreSQL) is no failure of the bench.
system.ns.pool.on('error', () => undefined);
try {
  const { simulator, gateway } = system;
  const url = (domain: string) => `https://${domain}/about`;
  simulator.chats.scripts.push(
    { whenPromptContains: 'Write the meeting brief', reply: brief(url('c0.example')) },
    { whenPromptContains: 'Cite your sources', reply: 'Findings.', citations: [url('c0.example'), 'https://news.example/x'] },
  );
  simulator.state.setFault('perplexity.chat', { latencyMs: PERPLEXITY_MS });
  simulator.state.setFault('anthropic.messages', { latencyMs: CLAUDE_MS });
  const campaign = await gateway.ok<{ id: string }>('POST', '/v1/prep/campaigns', {
    name: 'Backfill',
    offering: 'Scheduling',
    targetCustomer: 'Warehouses',
    painPoints: ['manual scheduling'],
    ownDomains: ['us.example'],
    ownerEmail: 'owner@us.example',
  });
  const { authorizationUrl } = await gateway.ok<{ authorizationUrl: string }>('GET', `/v1/prep/oauth/google/start?campaignId=${campaign.id}&calendarId=bench`);
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const { id: connectionId } = (await (await fetch(consent.headers.get('location')!)).json()) as { id: string };
  // Meetings arrive by push: wait until the channel is open and the first (empty) sync is done.
  for (;;) {
    const c = await gateway.ok<{ syncs: number; watch: { status: string } }>('GET', `/v1/prep/connections/${connectionId}`);
    if (c.syncs >= 1 && c.watch.status === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const started = Date.now();
  let companyLookups = 0; // one per (meeting, distinct company of its prospects)
  const companiesAsked = new Set<string>();
  const webRequestsPerRun: number[] = []; // its prospects and the companies no earlier meeting had
  for (let i = 0; i < MEETINGS; i++) {
    const guests = Array.from({ length: PER_MEETING }, (_, j) => `p${i}-${j}@c${(i * PER_MEETING + j) % COMPANIES}.example`);
    const companies = new Set(guests.map((g) => g.split('@')[1]));
    companyLookups += companies.size;
    webRequestsPerRun.push(guests.length + [...companies].filter((c) => !companiesAsked.has(c)).length);
    companies.forEach((c) => companiesAsked.add(c));
    await simulator.calendar.upsertEvent('bench', {
      id: `m${i}`,
      summary: `Meeting ${i}`,
      start: { dateTime: new Date(Date.now() + (30 + i) * 3_600_000).toISOString() },
      attendees: [{ email: 'me@us.example' }, ...guests.map((email) => ({ email }))],
    });
  }
  const pushedMs = Date.now() - started;
  const sampler = sampleConnections(system.ns.pool, 'research');
  const settled = async () =>
    (await system.query<{ status: string; n: number }>('research', 'SELECT status, count(*)::int AS n FROM $schema.research_runs GROUP BY status'));
  for (;;) {
    const counts = Object.fromEntries((await settled()).map((r) => [r.status, r.n]));
    if ((counts.ready ?? 0) + (counts.failed ?? 0) >= MEETINGS) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const wallMs = Date.now() - started;
  const connections = await sampler.stop();
  // When the debounced sync had asked for every run: the pushes' burst plus its 2 s quiet.
  const [{ requested }] = await system.query<{ requested: Date }>('research', 'SELECT max(requested_at) AS requested FROM $schema.research_runs');
  const syncedMs = requested.getTime() - started;
  const failures = await system.query<{ why: string; n: number }>(
    'research',
    `SELECT failed_step || ': ' || left(failure_reason, 80) AS why, count(*)::int AS n FROM $schema.research_runs WHERE status = 'failed' GROUP BY 1`,
  );
  const failed = failures.reduce((sum, f) => sum + f.n, 0);
  const companyAsks = simulator.state.requests.filter((r) => r.endpoint === 'perplexity.chat' && JSON.stringify(r.body).includes('Research the company')).length;
  const perplexity = simulator.state.requests.filter((r) => r.endpoint === 'perplexity.chat').length;
  const claude = simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages').length;
  // The bound the limits imply, both at once (backfill-bound.ts); and each alone, whichever is slower:
  // the web-research rate (every prospect and every company once) or the runs at once (each at
  // least one Perplexity round and one Claude answer). The alone figure is lower: it misses the
  // last rounds' wait for the window to free the starts the first rounds took.
  const webRequests = MEETINGS * PER_MEETING + COMPANIES;
  const rateBoundMs = Math.max(0, Math.ceil(webRequests / RATE) - 1) * 60_000 + PERPLEXITY_MS + CLAUDE_MS;
  const concurrencyBoundMs = Math.ceil(MEETINGS / RUNS) * (PERPLEXITY_MS + CLAUDE_MS);
  const aloneMs = Math.max(rateBoundMs, concurrencyBoundMs);
  const boundMs = backfillBoundMs(webRequestsPerRun, { runs: RUNS, rate: RATE, windowMs: 60_000, webMs: PERPLEXITY_MS, briefMs: CLAUDE_MS });
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const researchMs = wallMs - syncedMs;
  console.log(`meeting prep backfill: ${MEETINGS} meetings, ${MEETINGS * PER_MEETING} prospects, ${COMPANIES} companies`);
  console.log(`  limits: Perplexity ${RATE}/min, ${RUNS} runs at once per replica; latencies Perplexity ${PERPLEXITY_MS} ms, Claude ${CLAUDE_MS} ms`);
  console.log(`  bound of the runs: ${s(boundMs)} (both limits at once, runs first come first served); each limit alone: rate ${s(rateBoundMs)}, runs ${s(concurrencyBoundMs)}`);
  console.log(`  research asked for every meeting ${s(syncedMs)} after the first push (pushes sent in ${s(pushedMs)}, then the debounce's ${SYNC_QUIET_MS / 1000} s quiet and the sync)`);
  console.log(`  runs: from research asked to the last brief ${s(researchMs)}: ${(boundMs / researchMs).toFixed(2)} of the bound (${(aloneMs / researchMs).toFixed(2)} of the limits alone)`);
  console.log(`  whole: wall time ${s(wallMs)} beside pushes + quiet + bound ${s(pushedMs + SYNC_QUIET_MS + boundMs)}: ${((pushedMs + SYNC_QUIET_MS + boundMs) / wallMs).toFixed(2)}`);
  console.log(`  company cache hit rate ${(1 - companyAsks / companyLookups).toFixed(2)} (${companyAsks} asked of ${companyLookups} lookups); failed runs ${failed}${failures.map((f) => `; ${f.n} x ${f.why}`).join('')}`);
  const timeline = await runTimeline(system, RUNS);
  console.log(`  ${timeline.summary}`);
  console.log(`  ${timeline.occupancy}`);
  console.log(`  research's database connections (sampled every 250 ms from the sync on): ${connections}`);
  console.log(`  load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  provider requests per brief: Perplexity ${(perplexity / MEETINGS).toFixed(2)}, Claude ${(claude / MEETINGS).toFixed(2)}`);
} finally {
  await system.stop();
}
process.exit(0);

function brief(source: string) {
  return {
    summary: { text: 'Prepared.', sources: [source], confidence: 'HIGH' },
    prospects: [],
    company: { overview: 'Overview.', sources: [source], confidence: 'MEDIUM' },
    news: [],
    talkingPoints: [{ point: 'Scheduling', painPoint: 'manual scheduling', sources: [source] }],
    questions: [],
    risks: [],
  };
}

import { SystemUnderTest } from '../../scripts/system/system-under-test.js';

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

const system = await SystemUnderTest.start({
  PERPLEXITY_RATE_LIMIT: String(RATE),
  PERPLEXITY_RATE_WINDOW_MS: '60000',
  RESEARCH_CONCURRENCY: String(RUNS),
  DATABASE_POOL_MAX: String(RUNS + 8),
  LOG_LEVEL: 'error',
});
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
  for (let i = 0; i < MEETINGS; i++) {
    const guests = Array.from({ length: PER_MEETING }, (_, j) => `p${i}-${j}@c${(i * PER_MEETING + j) % COMPANIES}.example`);
    companyLookups += new Set(guests.map((g) => g.split('@')[1])).size;
    await simulator.calendar.upsertEvent('bench', {
      id: `m${i}`,
      summary: `Meeting ${i}`,
      start: { dateTime: new Date(Date.now() + (30 + i) * 3_600_000).toISOString() },
      attendees: [{ email: 'me@us.example' }, ...guests.map((email) => ({ email }))],
    });
  }
  const pushedMs = Date.now() - started;
  const settled = async () =>
    (await system.query<{ status: string; n: number }>('research', 'SELECT status, count(*)::int AS n FROM $schema.research_runs GROUP BY status'));
  for (;;) {
    const counts = Object.fromEntries((await settled()).map((r) => [r.status, r.n]));
    if ((counts.ready ?? 0) + (counts.failed ?? 0) >= MEETINGS) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const wallMs = Date.now() - started;
  // When the debounced sync had asked for every run: the pushes' burst plus its 2 s quiet.
  const [{ requested }] = await system.query<{ requested: Date }>('research', 'SELECT max(requested_at) AS requested FROM $schema.research_runs');
  const syncedMs = requested.getTime() - started;
  const [{ failed }] = await system.query<{ failed: number }>('research', `SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed FROM $schema.research_runs`);
  const companyAsks = simulator.state.requests.filter((r) => r.endpoint === 'perplexity.chat' && JSON.stringify(r.body).includes('Research the company')).length;
  const perplexity = simulator.state.requests.filter((r) => r.endpoint === 'perplexity.chat').length;
  const claude = simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages').length;
  // The bound the limits imply: the web-research rate (every prospect and every company once) or the
  // runs at once (each at least one Perplexity round and one Claude answer), whichever is slower.
  const webRequests = MEETINGS * PER_MEETING + COMPANIES;
  const rateBoundMs = Math.max(0, Math.ceil(webRequests / RATE) - 1) * 60_000 + PERPLEXITY_MS + CLAUDE_MS;
  const concurrencyBoundMs = Math.ceil(MEETINGS / RUNS) * (PERPLEXITY_MS + CLAUDE_MS);
  const boundMs = Math.max(rateBoundMs, concurrencyBoundMs);
  console.log(`meeting prep backfill: ${MEETINGS} meetings, ${MEETINGS * PER_MEETING} prospects, ${COMPANIES} companies (loaded 2-core machine, other work running)`);
  console.log(`  limits: Perplexity ${RATE}/min, ${RUNS} runs at once per replica; latencies Perplexity ${PERPLEXITY_MS} ms, Claude ${CLAUDE_MS} ms`);
  console.log(`  wall time ${(wallMs / 1000).toFixed(1)} s (pushes sent in ${(pushedMs / 1000).toFixed(1)} s); bound ${(boundMs / 1000).toFixed(1)} s (rate ${(rateBoundMs / 1000).toFixed(1)} s, runs ${(concurrencyBoundMs / 1000).toFixed(1)} s): ${(boundMs / wallMs).toFixed(2)} of it`);
  console.log(`  research asked for every meeting ${(syncedMs / 1000).toFixed(1)} s in (one debounced sync after the burst); from there to the last brief ${((wallMs - syncedMs) / 1000).toFixed(1)} s: ${(boundMs / (wallMs - syncedMs)).toFixed(2)} of the bound`);
  console.log(`  company cache hit rate ${(1 - companyAsks / companyLookups).toFixed(2)} (${companyAsks} asked of ${companyLookups} lookups); failed runs ${failed}`);
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

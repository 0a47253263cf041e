import { GatewayClient } from './gateway-client.js';
import type { DemoTarget } from './demos.js';

const HOUR = 3_600_000;
const URL_OF = (domain: string) => [`https://${domain}/about`, `https://news.example/${domain}`];

interface Meeting {
  id: string;
  title: string;
  startsAt: string;
  status: string;
  research: { id: string; status: string; failedStep: string | null; reason: string | null; briefId: string | null } | null;
}
interface Brief {
  content: { summary: { text: string }; talkingPoints: { point: string }[] };
  sources: { url: string }[];
  cachedCompanies: string[];
}

/** Eight upcoming meetings: two with one company, one internal-only, one researched before, one whose brief fails within 24 h. */
const MEETINGS = [
  { id: 'm1', title: 'Acme intro', hours: 30, guests: ['ada@acme.com'] },
  { id: 'm2', title: 'Acme technical deep-dive', hours: 54, guests: ['bo@acme.com'] },
  { id: 'm3', title: 'Globex discovery', hours: 26, guests: ['carol@globex.com'] },
  { id: 'm4', title: 'Team standup', hours: 20, guests: ['dev@us.example'] },
  { id: 'm5', title: 'Initech follow-up', hours: 40, guests: ['erin@initech.com'] },
  { id: 'm6', title: 'Umbrella pricing', hours: 6, guests: ['frank@umbrella.com'] },
  { id: 'm7', title: 'Hooli renewal', hours: 72, guests: ['gina@hooli.com', 'hal@hooli.com'] },
  { id: 'm8', title: 'Soylent pilot review', hours: 96, guests: ['ivy@soylent.com'] },
];

const brief = (headline: string, url: string) => ({
  summary: { text: headline, sources: [url], confidence: 'HIGH' },
  prospects: [],
  company: { overview: 'From the research.', sources: [url], confidence: 'MEDIUM' },
  news: [{ headline: 'Recent funding round', sources: [url] }],
  talkingPoints: [{ point: 'Replace spreadsheet scheduling', painPoint: 'manual scheduling', sources: [url] }],
  questions: ['How do you plan shifts today?'],
  risks: [{ risk: 'An incumbent vendor', sources: [url] }],
});

async function admin(simulatorUrl: string, path: string, body: unknown): Promise<void> {
  const answer = await fetch(`${simulatorUrl}/__admin/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!answer.ok) throw new Error(`the simulator refused ${path}: ${answer.status}`);
}

/**
 * Meeting prep through the public API against `npm start`: a prep campaign, a calendar connected by
 * OAuth (the simulator consents at once), eight meetings pushed by "Google", research and briefs live.
 */
export async function runMeetingPrepDemo(target: DemoTarget, log: (line: string) => void = console.log): Promise<void> {
  // People are new on every run (someone researched in the last 7 days is skipped); companies are not (24 h cache).
  const tag = Date.now().toString(36);
  const person = (email: string) => email.replace('@', `.${tag}@`);
  if (!target.simulatorUrl) throw new Error('the meeting-prep demo scripts the provider simulator: run it against `npm start` without real provider keys');
  const gateway = new GatewayClient(target.gatewayUrl, target.apiKey);
  const domains = ['acme.com', 'globex.com', 'initech.com', 'umbrella.com', 'hooli.com', 'soylent.com'];
  await admin(target.simulatorUrl, 'scenario', {
    chats: [
      { whenPromptContains: `<${person('frank@umbrella.com')}>`, reply: 'not a brief' }, // fails: invalid three times
      ...domains.map((domain) => ({ whenPromptContains: `@${domain}>`, reply: brief(`Prepared for ${domain}`, URL_OF(domain)[0]) })),
      ...domains.map((domain) => ({ whenPromptContains: `at ${domain}`, reply: `Findings about ${domain}.`, citations: URL_OF(domain) })),
    ],
  });
  const campaign = await gateway.ok<{ id: string }>('POST', '/v1/prep/campaigns', {
    name: 'Demo: warehouse scheduling',
    offering: 'Automated shift scheduling',
    targetCustomer: 'Warehouse operators',
    painPoints: ['manual scheduling', 'overtime costs'],
    ownDomains: ['us.example'],
    ownerEmail: 'owner@us.example',
  });
  const calendarId = `demo-${Date.now()}`;
  const { authorizationUrl } = await gateway.ok<{ authorizationUrl: string }>('GET', `/v1/prep/oauth/google/start?campaignId=${campaign.id}&calendarId=${calendarId}`);
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const connection = (await (await fetch(consent.headers.get('location')!)).json()) as { id: string };
  log(`Prep campaign ${campaign.id}; calendar ${calendarId} connected (${connection.id}), watch channel opening`);

  // Carol was researched before (ad hoc): her meeting is not researched again within 7 days.
  const earlier = await gateway.ok<{ id: string }>('POST', '/v1/prep/research', { campaignId: campaign.id, prospects: [{ email: person('carol@globex.com'), name: 'Carol', companyDomain: 'globex.com' }] });
  await waitFor(async () => (await gateway.ok<{ status: string }>('GET', `/v1/prep/research/${earlier.id}`)).status === 'ready', 120_000);
  log('Carol (Globex) researched ad hoc first: her meeting will be skipped (researched < 7 days ago)');

  for (const m of MEETINGS) {
    const start = new Date(Date.now() + m.hours * HOUR).toISOString();
    await admin(target.simulatorUrl, 'calendar/events', { calendarId, event: { id: m.id, summary: m.title, start: { dateTime: start }, attendees: [{ email: 'me@us.example' }, ...m.guests.map((email) => ({ email: person(email) }))] } });
  }
  log(`${MEETINGS.length} meetings added to the calendar; Google pushes them to the gateway`);

  let last = '';
  let meetings: Meeting[] = [];
  await waitFor(async () => {
    meetings = await gateway.ok<Meeting[]>('GET', `/v1/prep/meetings?campaignId=${campaign.id}`);
    const line = meetings.map((m) => `${m.title}: ${m.research?.status ?? 'no research'}`).join(' | ');
    if (line !== last) log(`  ${(last = line)}`);
    return meetings.length === MEETINGS.length && meetings.every((m) => !m.research || ['ready', 'failed'].includes(m.research.status));
  }, 300_000);

  log('\nBriefs:');
  const cacheHits = new Set<string>();
  for (const m of meetings) {
    if (m.research?.status === 'ready') {
      const b = await gateway.ok<Brief>('GET', `/v1/prep/briefs/${m.research.briefId}`);
      b.cachedCompanies.forEach((c) => cacheHits.add(`${m.title}: ${c}`));
      log(`  ${m.title}: ${b.content.summary.text} — ${b.content.talkingPoints[0]?.point ?? ''} (${b.sources.length} sources)`);
    } else if (m.research?.status === 'failed') {
      log(`  ${m.title}: FAILED at step ${m.research.failedStep} (${m.startsAt}); the owner is emailed through telephony when it starts within 24 h`);
    } else {
      log(`  ${m.title}: no research (internal-only, or every prospect researched in the last 7 days)`);
    }
  }
  log(`\nCompany research from the 24 h cache: ${[...cacheHits].join(', ') || 'none'}`);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

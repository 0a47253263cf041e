import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMeetingPrepDemo } from '../scripts/demo/meeting-prep-demo.js';
import { SystemUnderTest, TEST_API_KEY } from '../scripts/system/system-under-test.js';

const HOUR = 3_600_000;
const OPS_KEY = 'sk-e2e-ops';
const poll = { timeout: 120_000, interval: 250 };
let system: SystemUnderTest;
let campaignId: string;
let connectionId: string;

interface Meeting {
  id: string;
  title: string;
  research: { id: string; status: string; briefId: string | null } | null;
}
const brief = (email: string) => ({
  summary: { text: `Meeting with ${email}`, sources: ['https://acme.com/team'], confidence: 'HIGH' },
  prospects: [{ email, role: 'VP Operations', profile: 'Runs operations.', sources: ['https://acme.com/team'], confidence: 'HIGH' }],
  company: { overview: 'A logistics company.', sources: ['https://acme.com/team'], confidence: 'MEDIUM' },
  news: [{ headline: 'Raised a Series B', sources: ['https://news.example/acme'] }],
  talkingPoints: [{ point: 'Cut manual scheduling', painPoint: 'manual scheduling', sources: ['https://acme.com/team'] }],
  questions: ['How do you schedule today?'],
  risks: [{ risk: 'Incumbent vendor', sources: ['https://acme.com/team'] }],
});
const meetingTitled = async (title: string) =>
  (await system.gateway.ok<Meeting[]>('GET', `/v1/prep/meetings?campaignId=${campaignId}`)).find((m) => m.title === title);
const researchOf = async (title: string) => (await meetingTitled(title))?.research?.status;

beforeAll(async () => {
  system = await SystemUnderTest.start({ PERPLEXITY_RATE_LIMIT: '1000', OPS_KEYS: OPS_KEY });
  system.simulator.chats.scripts.push(
    { whenPromptContains: 'Write the meeting brief', reply: brief('ada@acme.com') },
    { whenPromptContains: 'Cite your sources', reply: 'Acme is a logistics company; Ada runs operations.', citations: ['https://acme.com/team', 'https://news.example/acme'] },
  );
}, 240_000);
afterAll(() => system?.stop(), 60_000);

describe('meeting prep, whole system', () => {
  it('connects a calendar through OAuth; Google pushes lead through sync and research to a brief with sources', async () => {
    ({ id: campaignId } = await system.gateway.ok<{ id: string }>('POST', '/v1/prep/campaigns', {
      name: 'Logistics Q1',
      offering: 'Automated scheduling',
      targetCustomer: 'Warehouse operators',
      painPoints: ['manual scheduling'],
      ownDomains: ['us.com'],
      ownerEmail: 'owner@us.com',
    }));
    const { authorizationUrl } = await system.gateway.ok<{ authorizationUrl: string }>('GET', `/v1/prep/oauth/google/start?campaignId=${campaignId}&calendarId=cal-e2e`);
    const consent = await fetch(authorizationUrl, { redirect: 'manual' });
    const callback = consent.headers.get('location')!;
    expect(callback.startsWith(`${system.gateway.baseUrl}/oauth/google/callback?`)).toBe(true);
    const connected = await fetch(callback); // the user's browser: no API key
    expect(connected.status).toBe(200);
    connectionId = ((await connected.json()) as { id: string }).id;
    await expect.poll(async () => (await system.gateway.ok<{ watch: { status: string } }>('GET', `/v1/prep/connections/${connectionId}`)).watch.status, poll).toBe('ACTIVE');

    await system.simulator.calendar.upsertEvent('cal-e2e', {
      id: 'acme-intro',
      summary: 'Acme intro',
      start: { dateTime: new Date(Date.now() + 30 * HOUR).toISOString() },
      attendees: [{ email: 'me@us.com' }, { email: 'ada@acme.com' }],
    });
    await expect.poll(() => researchOf('Acme intro'), poll).toBe('ready');
    const meeting = (await meetingTitled('Acme intro'))!;
    const detail = await system.gateway.ok<{ prospects: { email: string }[] }>('GET', `/v1/prep/meetings/${meeting.id}`);
    expect(detail.prospects.map((p) => p.email)).toEqual(['ada@acme.com']);
    const stored = await system.gateway.ok<{ content: { talkingPoints: { painPoint: string }[] }; sources: { url: string }[] }>('GET', `/v1/prep/briefs/${meeting.research!.briefId}`);
    expect(stored.content.talkingPoints[0].painPoint).toBe('manual scheduling');
    expect(stored.sources.map((s) => s.url)).toContain('https://acme.com/team');
  }, 300_000);

  it('a push with an unknown channel or a wrong token is answered 2xx and changes nothing', async () => {
    const pushes = async () => (await system.query<{ n: number }>('research', `SELECT count(*)::int AS n FROM $schema.events WHERE type = 'research.calendar-push.received'`))[0].n;
    const before = await pushes();
    const [channel] = system.simulator.calendar.openChannels.filter((c) => c.calendarId === 'cal-e2e');
    for (const headers of [
      { 'x-goog-channel-id': 'unknown-channel', 'x-goog-channel-token': 'x', 'x-goog-resource-state': 'exists' },
      { 'x-goog-channel-id': channel.id, 'x-goog-channel-token': 'wrong', 'x-goog-resource-state': 'exists' },
    ]) {
      const response = await fetch(`${system.gateway.baseUrl}/webhooks/google/calendar`, { method: 'POST', headers });
      expect(response.status).toBe(204);
    }
    expect(await pushes()).toBe(before);
    const metrics = await (await fetch(`${system.gateway.baseUrl}/metrics`, { headers: { authorization: `Bearer ${OPS_KEY}` } })).text();
    expect(metrics).toMatch(/switchboard_webhooks_ignored_total\{provider="google-calendar",reason="unknown-channel"\} 1/);
    expect(metrics).toMatch(/switchboard_webhooks_ignored_total\{provider="google-calendar",reason="wrong-token"\} 1/);
    expect(system.logs('gateway')).toContain(`ignored a Google Calendar push on channel ${channel.id}: wrong-token`);
    expect(system.logs('gateway')).not.toContain('"wrong"'); // the token sent is never logged
  });

  it('research SIGKILLed mid-brief ends with one brief and no duplicate sources', async () => {
    const briefAsks = () => system.simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages' && JSON.stringify(r.body).includes('Acme review')).length;
    system.simulator.state.setFault('anthropic.messages', { latencyMs: 20_000, times: 1 });
    await system.simulator.calendar.upsertEvent('cal-e2e', {
      id: 'acme-review',
      summary: 'Acme review',
      start: { dateTime: new Date(Date.now() + 50 * HOUR).toISOString() },
      attendees: [{ email: 'me@us.com' }, { email: 'bo@acme.com' }],
    });
    await expect.poll(briefAsks, poll).toBe(1);
    await system.restart('research');
    await expect.poll(() => researchOf('Acme review'), { ...poll, timeout: 180_000 }).toBe('ready');
    const meeting = (await meetingTitled('Acme review'))!;
    const briefs = await system.query<{ n: number }>('research', 'SELECT count(*)::int AS n FROM $schema.briefs WHERE meeting_id = $1', [meeting.id]);
    expect(briefs[0].n).toBe(1);
    const sources = await system.query<{ url: string; about: string }>('research', 'SELECT url, about FROM $schema.brief_sources WHERE brief_id = $1', [meeting.research!.briefId]);
    expect(sources.length).toBeGreaterThan(0);
    expect(new Set(sources.map((s) => `${s.url} ${s.about}`)).size).toBe(sources.length);
    const completions = await system.query<{ n: number }>('research', `SELECT count(*)::int AS n FROM $schema.events WHERE type = 'research.research-run.completed' AND stream_id = $1`, [
      `research-run-${meeting.research!.id}`,
    ]);
    expect(completions[0].n).toBe(1);
    expect(briefAsks()).toBeGreaterThanOrEqual(2); // asked again after the kill
  }, 300_000);
});

describe('npm run demo -- prep', () => {
  it('runs to its end: briefs, one failure within 24 h, the internal and recently researched meetings skipped, cache hits', async () => {
    system.simulator.chats.scripts.length = 0; // the demo scripts the models itself
    const lines: string[] = [];
    await runMeetingPrepDemo({ gatewayUrl: system.gateway.baseUrl, apiKey: TEST_API_KEY, simulatorUrl: system.simulator.baseUrl }, (line) => lines.push(line));
    const output = lines.join('\n');
    expect(output).toContain('Umbrella pricing: FAILED at step brief');
    expect(output).toMatch(/Team standup: no research/);
    expect(output).toMatch(/Globex discovery: no research/);
    expect(output).toMatch(/Acme intro: Prepared for acme.com/);
    expect(output).toMatch(/Company research from the 24 h cache: .*acme.com/);
  }, 400_000);
});

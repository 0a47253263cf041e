import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingIdOf } from './meetings/calendar-changes.js';
import { MeetingPrepFixture, validBrief } from './test-support/meeting-prep-fixture.js';

const f = new MeetingPrepFixture();
const HOUR = 3_600_000;
const at = (fromNowMs: number) => ({ dateTime: new Date(Date.now() + fromNowMs).toISOString() });
const attendees = (...emails: string[]) => ['me@us.com', ...emails].map((email) => ({ email }));
const poll = { timeout: 60_000, interval: 200 };
let campaignId: string;
let connection: { id: string; watch: { channelId: string } };

interface Meeting {
  id: string;
  status: string;
  research: { id: string; status: string; failedStep: string | null; briefId: string | null } | null;
}
const meeting = (externalId: string, connectionId = connection.id) => f.command<Meeting>('research.meetings.get', { meetingId: meetingIdOf(connectionId, externalId) });
const countEvents = async (type: string) => (await f.query<{ n: number }>('SELECT count(*)::int AS n FROM $schema.events WHERE type = $1', [type]))[0].n;
const syncPending = async () => (await f.query('SELECT 1 FROM $schema.timers WHERE key = $1', [`calendar-sync-${connection.id}`])).length > 0;

beforeAll(async () => {
  await f.start();
  f.simulator.calendar.pageSize = 2; // every sync below reads several pages
  f.script(
    { whenPromptContains: 'Write the meeting brief', reply: validBrief('ada@acme.com', 'https://acme.com/team') },
    { whenPromptContains: 'Cite your sources', reply: 'Acme is a logistics company; Ada runs operations.', citations: ['https://acme.com/team', 'https://news.example/acme'] },
  );
  campaignId = await f.createCampaign();
  connection = await f.connect(campaignId, 'cal-1');
}, 120_000);
afterAll(() => f.stop(), 60_000);

describe('meeting prep: push, sync, research, brief', () => {
  it('connecting through OAuth keeps the refresh token sealed, opens a watch channel and runs a first full sync', async () => {
    await expect.poll(async () => (await f.connection(connection.id)).watch.status, poll).toBe('ACTIVE');
    await expect.poll(async () => (await f.connection(connection.id)).syncs, poll).toBe(1);
    const [secret] = await f.query<{ sealed: string }>('SELECT refresh_token_sealed AS sealed FROM $schema.connection_secrets WHERE connection_id = $1', [connection.id]);
    expect(secret.sealed).toMatch(/^dev\./);
    expect(secret.sealed).not.toContain('1//sim-');
    expect(await f.query(`SELECT 1 FROM $schema.events WHERE payload::text LIKE '%1//sim-%'`)).toHaveLength(0);
    expect(f.simulator.calendar.openChannels).toContainEqual({ id: connection.watch.channelId, calendarId: 'cal-1', address: 'http://127.0.0.1:9/webhooks/google/calendar' });
  });

  it('keeps no watch channel token at rest: the token Google was given is derived, only its key id and digest are stored', async () => {
    const token = await f.watchToken(connection.watch.channelId);
    const [row] = await f.query<Record<string, unknown>>('SELECT * FROM $schema.watch_subscriptions WHERE channel_id = $1', [connection.watch.channelId]);
    expect(row).toMatchObject({ token_key_id: 'dev', token_digest: createHash('sha256').update(token).digest('hex') });
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await f.query(`SELECT 1 FROM $schema.events WHERE payload::text LIKE $1`, [`%${token}%`])).toHaveLength(0);
  });

  it('a push on an unknown channel or with a wrong token is acknowledged and does nothing', async () => {
    expect(await f.push('00000000-0000-4000-8000-000000000000', 'anything')).toEqual({ accepted: false, ignored: 'unknown-channel' });
    expect(await f.push(connection.watch.channelId, 'not-the-token')).toEqual({ accepted: false, ignored: 'wrong-token' });
    expect(await countEvents('research.calendar-push.received')).toBe(0);
    expect(await syncPending()).toBe(false);
  });

  it('50 pushes in a burst run one sync; external attendees get research, internal-only and recently researched ones do not', async () => {
    await f.query(`INSERT INTO $schema.prospects_researched (email, researched_at) VALUES ('carol@globex.com', now() - interval '4 days')`);
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'ext', summary: 'Acme intro', start: at(48 * HOUR), attendees: attendees('ada@acme.com') });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'ext-b', summary: 'Acme deep-dive', start: at(50 * HOUR), attendees: attendees('bo@acme.com') });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'internal', summary: 'Standup', start: at(48 * HOUR), attendees: attendees('bo@us.com') });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'recent', summary: 'Globex follow-up', start: at(48 * HOUR), attendees: attendees('carol@globex.com') });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'past', summary: 'Old', start: at(-2 * HOUR), attendees: attendees('dave@initech.com') });

    const answers = await Promise.all(Array.from({ length: 50 }, () => f.push(connection.watch.channelId)));
    expect(answers.every((a) => a.accepted)).toBe(true);
    expect(await countEvents('research.calendar-push.received')).toBe(50);
    await expect.poll(async () => !(await syncPending()) && (await f.connection(connection.id)).syncs >= 2, poll).toBe(true);
    expect((await f.connection(connection.id)).syncs).toBe(2);

    const listed = await f.command<Meeting[]>('research.meetings.list', { campaignId });
    expect(listed.map((m) => m.id).sort()).toEqual(['ext', 'ext-b', 'internal', 'recent'].map((id) => meetingIdOf(connection.id, id)).sort());
    expect((await meeting('internal')).research).toBeNull();
    expect((await meeting('recent')).research).toBeNull();
    await expect.poll(async () => (await meeting('ext')).research?.status, poll).toBe('ready');
    await expect.poll(async () => (await meeting('ext-b')).research?.status, poll).toBe('ready');
    // Two meetings with one company, researched at once: the company is asked about once.
    expect(f.perplexityAsked('company at acme.com')).toBe(1);

    const brief = await f.command<{ content: { talkingPoints: { painPoint: string }[] }; sources: { url: string; about: string }[] }>('research.briefs.get', {
      briefId: (await meeting('ext')).research!.briefId,
    });
    expect(brief.content.talkingPoints[0].painPoint).toBe('manual scheduling');
    expect(brief.sources).toContainEqual({ url: 'https://acme.com/team', about: 'prospect:ada@acme.com' });
    expect(new Set(brief.sources.map((s) => `${s.url} ${s.about}`)).size).toBe(brief.sources.length);
  }, 120_000);

  it('an expired sync token (410) leads to a full resync; the company researched today is not asked again', async () => {
    expect(f.perplexityAsked('company at acme.com')).toBe(1);
    f.simulator.calendar.expireSyncTokens('cal-1');
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'ext-2', summary: 'Acme demo', start: at(72 * HOUR), attendees: attendees('erin@acme.com') });
    await f.push(connection.watch.channelId);
    await expect.poll(async () => (await f.connection(connection.id)).fullResyncs, poll).toBe(1);
    await expect.poll(async () => (await meeting('ext-2')).research?.status, poll).toBe('ready');
    expect(f.perplexityAsked('company at acme.com')).toBe(1);
    expect(f.perplexityAsked('Research Erin at acme.com')).toBe(1);
  }, 120_000);

  it("Google's rate limit (429) is retried after its Retry-After", async () => {
    f.simulator.state.setFault('google.events.list', { status: 429, retryAfterSeconds: 2, times: 1 });
    const listed = () => f.simulator.state.requests.filter((r) => r.endpoint === 'google.events.list');
    const before = listed().length;
    const syncs = (await f.connection(connection.id)).syncs;
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'later-call', summary: 'Internal sync', start: at(80 * HOUR), attendees: attendees('bo@us.com') });
    await f.push(connection.watch.channelId);
    await expect.poll(async () => (await f.connection(connection.id)).syncs, poll).toBe(syncs + 1);
    const [refused, retried] = listed().slice(before);
    expect(Date.parse(retried.at) - Date.parse(refused.at)).toBeGreaterThanOrEqual(1_900);
  }, 120_000);

  it('a canceled event cancels its meeting and its research still running, which then stores no brief', async () => {
    f.simulator.state.setFault('anthropic.messages', { latencyMs: 4_000, times: 1 });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'doomed', summary: 'Acme call', start: at(60 * HOUR), attendees: attendees('zoe@acme.com') });
    await f.push(connection.watch.channelId);
    await expect.poll(async () => (await meeting('doomed')).research?.status, poll).toBe('generating');
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'doomed', status: 'cancelled', summary: 'Acme call', start: at(60 * HOUR) });
    await f.push(connection.watch.channelId);
    await expect.poll(async () => (await meeting('doomed')).status, poll).toBe('CANCELED');
    const { research } = await meeting('doomed');
    expect(research?.status).toBe('canceled');
    await expect.poll(() => f.handled('research-runs', 'research.research-run.started', `research-run-${research!.id}`), poll).toBe(true);
    expect((await meeting('doomed')).research?.status).toBe('canceled');
    expect(await f.query('SELECT 1 FROM $schema.briefs WHERE research_id = $1', [research!.id])).toHaveLength(0);
  }, 120_000);

  it('an invalid brief twice is ready on the third answer; invalid three times fails naming the step', async () => {
    f.script({ whenPromptContains: '<flaky@twice.com>', reply: 'not json', times: 2 }, { whenPromptContains: '<broken@thrice.com>', reply: '{"summary": 1}' });
    const ask = (email: string, name: string, domain: string) =>
      f.command<{ id: string }>('research.research.request', { campaignId, prospects: [{ email, name, companyDomain: domain }] });
    const [flaky, broken] = await Promise.all([ask('flaky@twice.com', 'Flaky Person', 'twice.com'), ask('broken@thrice.com', 'Broken Person', 'thrice.com')]);
    const status = (id: string) => f.command<{ status: string; failedStep: string | null }>('research.research.get', { researchId: id });
    await expect.poll(async () => (await status(flaky.id)).status, poll).toBe('ready');
    await expect.poll(async () => (await status(broken.id)).status, poll).toBe('failed');
    expect((await status(broken.id)).failedStep).toBe('brief');
    const briefAsks = (email: string) => f.simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages' && JSON.stringify(r.body).includes(`<${email}>`)).length;
    expect(briefAsks('flaky@twice.com')).toBe(3);
    expect(briefAsks('broken@thrice.com')).toBe(3);
  }, 120_000);

  it('a failed brief for a meeting within 24 h emails the owner (through telephony); one further away does not', async () => {
    f.script({ whenPromptContains: '<soon@fail.com>', reply: 'nope' }, { whenPromptContains: '<later@fail.com>', reply: 'nope' });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'soon', summary: 'Soon', start: at(3 * HOUR), attendees: attendees('soon@fail.com') });
    await f.simulator.calendar.upsertEvent('cal-1', { id: 'later', summary: 'Later', start: at(48 * HOUR), attendees: attendees('later@fail.com') });
    await f.push(connection.watch.channelId);
    await expect.poll(async () => (await meeting('soon')).research?.status, poll).toBe('failed');
    await expect.poll(async () => (await meeting('later')).research?.status, poll).toBe('failed');
    const later = await meeting('later');
    await expect.poll(() => f.handled('research-failure-notices', 'research.research-run.failed', `research-run-${later.research!.id}`), poll).toBe(true);
    await expect.poll(() => f.notifications.filter((n) => n.about.id === meetingIdOf(connection.id, 'soon')).length, poll).toBe(1);
    const [notice] = f.notifications.filter((n) => n.about.id === meetingIdOf(connection.id, 'soon'));
    expect(notice).toMatchObject({ channels: ['email'], recipient: { kind: 'owner', email: 'owner@us.com' }, about: { kind: 'meeting' } });
    expect(notice.body).toContain(`/v1/prep/meetings/${meetingIdOf(connection.id, 'soon')}/research`);
    expect(f.notifications.filter((n) => n.about.id === later.id)).toHaveLength(0);
  }, 120_000);
});

describe('meeting prep: watch renewal', () => {
  const fireSlot = () => f.query(`UPDATE $schema.timers SET fire_at = now() WHERE key = 'watch-renewal'`);
  const watches = () => f.simulator.state.requests.filter((r) => r.endpoint === 'google.events.watch' && r.path.includes('cal-2')).length;

  it('with two replicas, a slot renews a channel expiring within 12 h once; a renewal Google refuses expires the watch and emails the owner once', async () => {
    await f.startReplica();
    f.simulator.calendar.channelTtlMs = 2 * HOUR;
    const second = await f.connect(campaignId, 'cal-2');
    await expect.poll(async () => (await f.connection(second.id)).watch.status, poll).toBe('ACTIVE');
    expect(watches()).toBe(1);

    await fireSlot();
    await expect.poll(async () => (await f.connection(second.id)).watch, poll).toMatchObject({ status: 'ACTIVE', channelId: expect.not.stringMatching(second.watch.channelId) });
    expect(await countEvents('research.watch-renewal.due')).toBe(1);
    expect(watches()).toBe(2);
    expect(f.simulator.calendar.openChannels.filter((c) => c.calendarId === 'cal-2')).toHaveLength(1); // the old one was stopped

    f.simulator.state.setFault('google.events.watch', { status: 400, times: 5 });
    await fireSlot();
    await expect.poll(async () => (await f.connection(second.id)).status, poll).toBe('EXPIRED');
    await expect.poll(() => f.notifications.filter((n) => n.about.id === second.id).length, poll).toBe(1);
    expect(await countEvents('research.watch-renewal.due')).toBe(2);
    expect(f.notifications.find((n) => n.about.id === second.id)).toMatchObject({ about: { kind: 'calendar-connection' }, recipient: { email: 'owner@us.com' } });
  }, 120_000);
});

describe('meeting prep: a revoked grant', () => {
  it('breaks the connection on the next sync and emails the owner to reconnect', async () => {
    f.simulator.calendar.revokeAll();
    await f.push(connection.watch.channelId);
    await expect.poll(async () => (await f.connection(connection.id)).status, poll).toBe('BROKEN');
    await expect.poll(() => f.notifications.filter((n) => n.about.id === connection.id).length, poll).toBe(1);
    expect(f.notifications.find((n) => n.about.id === connection.id)?.body).toContain('Reconnect');
    expect(await f.push(connection.watch.channelId)).toEqual({ accepted: false, ignored: 'unknown-channel' }); // its channel is stopped
  }, 120_000);
});

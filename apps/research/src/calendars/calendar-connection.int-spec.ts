import { createHash, randomBytes } from 'node:crypto';
import { SecretVault } from '@switchboard/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingIdOf } from '../meetings/calendar-changes.js';
import { ResearchConfig } from '../research.config.js';
import { MeetingPrepFixture, validBrief } from '../test-support/meeting-prep-fixture.js';

// The development key (the default) rotated out: a new key seals, the old one still opens.
const DEV_KEY = new ResearchConfig().TOKEN_ENCRYPTION_KEYS;
const KEYS = `k2:${randomBytes(32).toString('base64')},${DEV_KEY}`;
const f = new MeetingPrepFixture({ TOKEN_ENCRYPTION_KEYS: KEYS });
const HOUR = 3_600_000;
const poll = { timeout: 60_000, interval: 200 };
const at = (fromNowMs: number) => ({ dateTime: new Date(Date.now() + fromNowMs).toISOString() });
const tokenRequests = () => f.simulator.state.requests.filter((r) => r.endpoint === 'google.oauth.token').length;
const sealedSecret = async (connectionId: string) =>
  (await f.query<{ keyId: string; sealed: string }>('SELECT key_id AS "keyId", refresh_token_sealed AS sealed FROM $schema.connection_secrets WHERE connection_id = $1', [connectionId]))[0];
let campaignId: string;
let connection: { id: string; watch: { channelId: string } };

/** A push, and the sync it leads to done. */
const sync = async () => {
  const before = (await f.connection(connection.id)).syncs;
  await f.push(connection.watch.channelId);
  await expect.poll(async () => (await f.connection(connection.id)).syncs, poll).toBe(before + 1);
};

beforeAll(async () => {
  await f.start();
  f.script(
    { whenPromptContains: 'Write the meeting brief', reply: validBrief('ada@rec.com', 'https://rec.com/team') },
    { whenPromptContains: 'Cite your sources', reply: 'Rec runs warehouses.', citations: ['https://rec.com/team'] },
  );
  campaignId = await f.createCampaign();
  connection = await f.connect(campaignId, 'cal-1');
}, 120_000);
afterAll(() => f.stop(), 60_000);

describe('calendar access tokens and keys', () => {
  it('keeps an access token until shortly before it expires: two syncs ask the token endpoint nothing', async () => {
    await expect.poll(async () => (await f.connection(connection.id)).syncs, poll).toBe(1); // the first, full one
    const before = tokenRequests();
    await sync();
    await sync();
    expect(tokenRequests()).toBe(before);
  }, 120_000);

  it('refreshes a token Google refuses (401), and one that expires within the margin', async () => {
    f.simulator.calendar.accessTokenTtlSeconds = 60; // from now on inside the refresh margin
    f.simulator.calendar.expireAccessTokens();
    const before = tokenRequests();
    await sync(); // 401 -> the token is dropped -> the retry refreshes
    expect(tokenRequests()).toBe(before + 1);
    await sync(); // the 60 s token is within the margin: refreshed again
    expect(tokenRequests()).toBe(before + 2);
  }, 120_000);

  it('reseals a refresh token sealed with a retired key with the current one when it is next used', async () => {
    const vault = new SecretVault(KEYS);
    const current = await sealedSecret(connection.id);
    expect(current.keyId).toBe('k2');
    const refreshToken = vault.open(current.sealed);
    // As stored before the rotation: sealed with the development key.
    const old = new SecretVault(DEV_KEY).seal(refreshToken);
    await f.query('UPDATE $schema.connection_secrets SET key_id = $2, refresh_token_sealed = $3 WHERE connection_id = $1', [connection.id, old.keyId, old.sealed]);
    expect(vault.needsResealing(old.sealed)).toBe(true);

    await sync(); // tokens still last 60 s: the sync refreshes, so it opens the refresh token
    const resealed = await sealedSecret(connection.id);
    expect(resealed.keyId).toBe('k2');
    expect(resealed.sealed).toMatch(/^k2\./);
    expect(vault.open(resealed.sealed)).toBe(refreshToken);
    expect(new SecretVault(KEYS.split(',')[0]).open(resealed.sealed)).toBe(refreshToken); // the old key can go
    f.simulator.calendar.accessTokenTtlSeconds = 3599;
  }, 120_000);
});

describe('watch channel tokens', () => {
  const channel = async (channelId: string) =>
    (await f.query<{ keyId: string | null; status: string }>('SELECT token_key_id AS "keyId", status FROM $schema.watch_subscriptions WHERE channel_id = $1', [channelId]))[0];
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

  it('are derived with the current key; a channel from before they were (its token kept as a digest) still takes its pushes', async () => {
    expect((await channel(connection.watch.channelId)).keyId).toBe('k2');
    const before = await f.connect(campaignId, 'cal-before');
    await expect.poll(async () => (await f.connection(before.id)).watch.status, poll).toBe('ACTIVE');
    // As the migration left a channel opened with a random token: no key id, the token's digest.
    await f.query('UPDATE $schema.watch_subscriptions SET token_key_id = NULL, token_digest = $2 WHERE channel_id = $1', [before.watch.channelId, sha256('a-random-token')]);
    expect(await f.push(before.watch.channelId, 'a-random-token')).toEqual({ accepted: true });
    expect(await f.push(before.watch.channelId)).toEqual({ accepted: false, ignored: 'wrong-token' });
  }, 120_000);

  it('a channel from before still being opened is replaced by one whose token can be made', async () => {
    f.simulator.state.setFault('google.events.watch', { status: 503, times: 1 });
    const opening = await f.connect(campaignId, 'cal-opening');
    const first = opening.watch.channelId;
    await expect.poll(() => f.simulator.state.requests.some((r) => r.endpoint === 'google.events.watch' && r.body.id === first), poll).toBe(true);
    await f.query('UPDATE $schema.watch_subscriptions SET token_key_id = NULL WHERE channel_id = $1', [first]); // before the retry (1 s)
    await expect.poll(async () => (await f.connection(opening.id)).watch, poll).toMatchObject({ status: 'ACTIVE', channelId: expect.not.stringMatching(first) });
    const { channelId } = (await f.connection(opening.id)).watch;
    expect(await channel(first)).toMatchObject({ status: 'STOPPED' });
    expect(await channel(channelId)).toMatchObject({ keyId: 'k2', status: 'ACTIVE' });
    expect(await f.push(channelId)).toEqual({ accepted: true });
  }, 120_000);
});

describe('recurring meetings', () => {
  it('every occurrence is a meeting; its prospects are researched once, not once per occurrence', async () => {
    await f.simulator.calendar.upsertEvent('cal-1', {
      id: 'weekly',
      summary: 'Rec weekly',
      start: at(30 * HOUR),
      end: at(31 * HOUR),
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
      attendees: [{ email: 'me@us.com' }, { email: 'ada@rec.com' }],
    });
    await sync();
    const meetings = await f.command<{ id: string; startsAt: string; research: { status: string } | null }[]>('research.meetings.list', { campaignId });
    const occurrences = meetings.filter((m) => m.id !== meetingIdOf(connection.id, 'weekly'));
    expect(occurrences).toHaveLength(4);
    expect(new Set(occurrences.map((m) => m.startsAt)).size).toBe(4);
    expect(occurrences.filter((m) => m.research !== null)).toHaveLength(1);
    await expect.poll(async () => (await f.command<typeof meetings>('research.meetings.list', { campaignId })).find((m) => m.research)?.research?.status, poll).toBe('ready');
    expect(f.perplexityAsked('Research Ada at rec.com')).toBe(1);
  }, 120_000);
});

describe('a watch Google refuses when the calendar is connected', () => {
  const watches = (calendarId: string) => f.simulator.state.requests.filter((r) => r.endpoint === 'google.events.watch' && r.path.includes(calendarId)).length;

  it('refused (4xx): the connection is EXPIRED and the owner is emailed once to reconnect', async () => {
    f.simulator.state.setFault('google.events.watch', { status: 400, times: 1 });
    const refused = await f.connect(campaignId, 'cal-refused');
    await expect.poll(async () => (await f.connection(refused.id)).status, poll).toBe('EXPIRED');
    await expect.poll(() => f.notifications.filter((n) => n.about.id === refused.id).length, poll).toBe(1);
    expect(f.notifications.find((n) => n.about.id === refused.id)).toMatchObject({ about: { kind: 'calendar-connection' }, recipient: { email: 'owner@us.com' } });
    expect(watches('cal-refused')).toBe(1);
  }, 120_000);

  it('failing (5xx) through every retry: EXPIRED and emailed too, without asking for channel after channel', async () => {
    f.simulator.state.setFault('google.events.watch', { status: 503, times: 20 });
    const failing = await f.connect(campaignId, 'cal-down');
    await expect.poll(async () => (await f.connection(failing.id)).status, poll).toBe('EXPIRED');
    await expect.poll(() => f.notifications.filter((n) => n.about.id === failing.id).length, poll).toBe(1);
    expect(watches('cal-down')).toBe(4); // the handler's 4 attempts on one channel
  }, 120_000);
});

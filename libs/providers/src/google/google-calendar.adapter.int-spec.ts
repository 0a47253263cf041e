import { NonRetriableError } from '@switchboard/durable';
import { ProviderSimulator, SIMULATOR_GOOGLE_TOKEN } from '@switchboard/testing';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleCalendar } from './google-calendar.adapter.js';

let simulator: ProviderSimulator;
let google: GoogleCalendar;
let receiver: Server;
let address: string;
const pushes: IncomingHttpHeaders[] = [];
const meeting = (id: string, summary: string) => ({
  id,
  summary,
  start: { dateTime: '2026-11-23T15:00:00Z' },
  end: { dateTime: '2026-11-23T15:30:00Z' },
  attendees: [{ email: 'owner@switchboard.test', self: true, organizer: true }, { email: 'cto@prospect.example' }],
});

beforeAll(async () => {
  simulator = await ProviderSimulator.start();
  google = new GoogleCalendar({ accessToken: SIMULATOR_GOOGLE_TOKEN, baseUrl: simulator.baseUrl });
  receiver = createServer((request, response) => {
    pushes.push(request.headers);
    response.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/google/calendar`;
});
afterAll(async () => {
  await simulator.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('GoogleCalendar against the simulator (@googleapis/calendar, rootUrl)', () => {
  it('lists everything first, then only what changed since the sync token', async () => {
    await simulator.calendar.upsertEvent('primary', meeting('m1', 'Intro call'));
    const first = await google.listChanges('primary');
    expect(first.events.map((e) => e.summary)).toEqual(['Intro call']);
    expect(first.events[0].attendees).toContainEqual({ email: 'cto@prospect.example', self: false, organizer: false });

    await simulator.calendar.upsertEvent('primary', meeting('m2', 'Demo'));
    const next = await google.listChanges('primary', first.nextSyncToken);
    expect(next).toMatchObject({ fullResync: false, events: [expect.objectContaining({ id: 'm2' })] });
  });

  it('answers an expired sync token (410) with a full resync', async () => {
    const { nextSyncToken } = await google.listChanges('primary');
    simulator.calendar.expireSyncTokens('primary');
    const resynced = await google.listChanges('primary', nextSyncToken);
    expect(resynced.fullResync).toBe(true);
    expect(resynced.events.map((e) => e.id).sort()).toEqual(['m1', 'm2']);
    expect((await google.listChanges('primary', resynced.nextSyncToken)).fullResync).toBe(false);
  });

  it('watches a calendar: a sync push, then one per change, with the channel headers; stop ends it', async () => {
    const channel = await google.watch('primary', { channelId: 'ch-1', address, token: 'tenant=7' });
    expect(channel.expiresAt.getTime()).toBeGreaterThan(Date.now());
    await simulator.calendar.upsertEvent('primary', meeting('m3', 'Follow-up'));
    expect(pushes.map((h) => h['x-goog-resource-state'])).toEqual(['sync', 'exists']);
    expect(pushes[1]).toMatchObject({ 'x-goog-channel-id': 'ch-1', 'x-goog-channel-token': 'tenant=7', 'x-goog-resource-id': channel.resourceId });
    await google.stop({ channelId: 'ch-1', resourceId: channel.resourceId });
    await simulator.calendar.upsertEvent('primary', meeting('m4', 'After stop'));
    expect(pushes).toHaveLength(2);
  });

  it('refuses a bad token for good', async () => {
    const impostor = new GoogleCalendar({ accessToken: 'expired', baseUrl: simulator.baseUrl });
    await expect(impostor.listChanges('primary')).rejects.toBeInstanceOf(NonRetriableError);
  });

  it('tells a caller that refreshes about a refused token, and fails retryably', async () => {
    let refused = 0;
    const stale = new GoogleCalendar({ accessToken: 'expired', baseUrl: simulator.baseUrl, onUnauthorized: () => refused++ });
    const error = await stale.listChanges('primary').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(NonRetriableError);
    expect(refused).toBe(1);
  });

  it("waits what Google's 429 Retry-After says", async () => {
    simulator.state.setFault('google.events.list', { status: 429, retryAfterSeconds: 2, times: 1 });
    await expect(google.listChanges('primary')).rejects.toMatchObject({ name: 'RetryAfterError', retryAfterMs: 2_000 });
  });

  it('reads every page of a listing; the sync token comes with the last', async () => {
    simulator.calendar.pageSize = 2;
    for (const id of ['p1', 'p2', 'p3', 'p4', 'p5']) await simulator.calendar.upsertEvent('paged', meeting(id, id));
    const first = await google.listChanges('paged');
    expect(first.events.map((e) => e.id)).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    await simulator.calendar.upsertEvent('paged', meeting('p6', 'p6'));
    expect((await google.listChanges('paged', first.nextSyncToken)).events.map((e) => e.id)).toEqual(['p6']);
    simulator.calendar.pageSize = 250;
  });
});

import { randomBytes } from 'node:crypto';
import type { Reply, SimRequest } from '../http-kit.js';

/** An access token the simulator always accepts (for tests of the Calendar client alone). */
export const SIMULATOR_GOOGLE_TOKEN = 'ya29.simulator';

export interface SimCalendarEvent {
  id: string;
  status?: 'confirmed' | 'cancelled';
  summary?: string;
  start?: { dateTime: string };
  end?: { dateTime: string };
  attendees?: { email: string; self?: boolean; organizer?: boolean }[];
  /** A recurring event: `RRULE:FREQ=DAILY|WEEKLY;COUNT=n[;INTERVAL=k]` (what the simulator expands). */
  recurrence?: string[];
}

type Instance = Omit<SimCalendarEvent, 'recurrence'> & { recurringEventId?: string; originalStartTime?: { dateTime: string } };

const DAY_MS = 24 * 3_600_000;
const compactTime = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

/**
 * A recurring event's occurrences as Google lists them with `singleEvents=true`: each its own event,
 * id `<recurring id>_<start, basic format>`, with `recurringEventId` and `originalStartTime`.
 */
function instancesOf(event: SimCalendarEvent): Instance[] {
  const rule = event.recurrence?.find((line) => line.startsWith('RRULE:'));
  if (!rule || !event.start) return [event];
  const parts = Object.fromEntries(rule.slice('RRULE:'.length).split(';').map((part) => part.split('=')));
  const stepMs = (parts.FREQ === 'DAILY' ? DAY_MS : parts.FREQ === 'WEEKLY' ? 7 * DAY_MS : NaN) * Number(parts.INTERVAL ?? 1);
  if (!Number.isFinite(stepMs) || !parts.COUNT) throw new Error(`the simulator expands FREQ=DAILY|WEEKLY with COUNT only, not ${rule}`);
  const { recurrence: _r, ...master } = event;
  const first = Date.parse(event.start.dateTime);
  const lengthMs = event.end ? Date.parse(event.end.dateTime) - first : undefined;
  return Array.from({ length: Number(parts.COUNT) }, (_, i) => {
    const start = first + i * stepMs;
    return {
      ...master,
      id: `${event.id}_${compactTime(start)}`,
      recurringEventId: event.id,
      originalStartTime: { dateTime: new Date(start).toISOString() },
      start: { dateTime: new Date(start).toISOString() },
      ...(lengthMs !== undefined && { end: { dateTime: new Date(start + lengthMs).toISOString() } }),
    };
  });
}

interface Channel {
  id: string;
  resourceId: string;
  calendarId: string;
  address: string;
  token?: string;
  messages: number;
}

/**
 * Google Calendar's events list with incremental sync tokens (410 when one expires), watch
 * channels and their push notifications, and channel stop.
 */
export class GoogleCalendarApi {
  private sequence = 0;
  private readonly events = new Map<string, Map<string, SimCalendarEvent & { changedAt: number }>>();
  /** Tokens carry the calendar's epoch; expiring tokens moves to the next one, and old ones get 410. */
  private readonly epochs = new Map<string, number>();
  private readonly channels = new Map<string, Channel>();
  private readonly refreshTokens = new Set<string>();
  private readonly revoked = new Set<string>();
  /** Access tokens handed out: the refresh token each came from (revoking it refuses them) and their expiry. */
  private readonly accessTokens = new Map<string, { refreshToken: string; expiresAt: number }>();
  /** How long an access token lives (Google: an hour); tests of refreshing shorten it. */
  accessTokenTtlSeconds = 3599;
  /** How long a watch channel lives (Google: about a week); tests of renewal shorten it. */
  channelTtlMs = 7 * 24 * 3_600_000;
  /** Events per page of a list (Google's default is 250): tests of paging lower it. */
  pageSize = 250;

  authorize(request: SimRequest): Reply | undefined {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const issued = this.accessTokens.get(token);
    if (token === SIMULATOR_GOOGLE_TOKEN || (issued && !this.revoked.has(issued.refreshToken) && issued.expiresAt > Date.now())) return undefined;
    return { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } } };
  }

  /** Test side: a meeting is created or changed; watchers are notified as Google does. */
  async upsertEvent(calendarId: string, event: SimCalendarEvent): Promise<void> {
    const calendar = this.events.get(calendarId) ?? new Map();
    this.events.set(calendarId, calendar);
    calendar.set(event.id, { status: 'confirmed', ...event, changedAt: ++this.sequence });
    for (const channel of this.channels.values()) if (channel.calendarId === calendarId) await this.notify(channel, 'exists');
  }

  /** Test side: the user revoked access; refreshing any token issued so far fails with invalid_grant, and their access tokens with 401. */
  revokeAll(): void {
    for (const token of this.refreshTokens) this.revoked.add(token);
  }

  /** Test side: every access token handed out so far expires now (the API answers them 401). */
  expireAccessTokens(): void {
    for (const issued of this.accessTokens.values()) issued.expiresAt = 0;
  }

  /** Channels open now (stop removes them). */
  get openChannels(): { id: string; calendarId: string; address: string }[] {
    return [...this.channels.values()].map(({ id, calendarId, address }) => ({ id, calendarId, address }));
  }

  /** Test side: Google sends a push on an open channel again (a burst is many of these). */
  async push(channelId: string): Promise<void> {
    const channel = this.channels.get(channelId);
    if (channel) await this.notify(channel, 'exists');
  }

  /** The consent screen: the user says yes at once and is sent back with a code. */
  consent(request: SimRequest): Reply {
    const redirect = request.query.get('redirect_uri') ?? '';
    const target = new URL(redirect);
    target.searchParams.set('code', `sim-code-${randomBytes(8).toString('hex')}`);
    target.searchParams.set('state', request.query.get('state') ?? '');
    return { status: 302, headers: { location: target.toString() } };
  }

  /** OAuth 2.0 token endpoint: codes for tokens, refresh tokens for access tokens. */
  token(request: SimRequest): Reply {
    const grant = request.body.grant_type;
    if (grant === 'authorization_code' && typeof request.body.code === 'string') {
      const refreshToken = `1//sim-${randomBytes(12).toString('hex')}`;
      this.refreshTokens.add(refreshToken);
      return { status: 200, body: { ...this.issue(refreshToken), refresh_token: refreshToken, scope: 'calendar.readonly' } };
    }
    if (grant === 'refresh_token' && typeof request.body.refresh_token === 'string') {
      const known = this.refreshTokens.has(request.body.refresh_token) && !this.revoked.has(request.body.refresh_token);
      if (!known) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      return { status: 200, body: this.issue(request.body.refresh_token) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type' } };
  }

  private issue(refreshToken: string) {
    const accessToken = `ya29.sim-${randomBytes(12).toString('hex')}`;
    this.accessTokens.set(accessToken, { refreshToken, expiresAt: Date.now() + this.accessTokenTtlSeconds * 1000 });
    return { access_token: accessToken, expires_in: this.accessTokenTtlSeconds, token_type: 'Bearer' };
  }

  expireSyncTokens(calendarId: string): void {
    this.epochs.set(calendarId, (this.epochs.get(calendarId) ?? 0) + 1);
  }

  list(calendarId: string, request: SimRequest): Reply {
    const calendar = [...(this.events.get(calendarId)?.values() ?? [])];
    const syncToken = request.query.get('syncToken');
    const singleEvents = request.query.get('singleEvents') === 'true';
    const epoch = this.epochs.get(calendarId) ?? 0;
    let items;
    if (syncToken) {
      const [, tokenEpoch, seq] = /^sync-(\d+)-(\d+)$/.exec(syncToken) ?? [];
      const since = Number(seq);
      if (tokenEpoch === undefined || Number(tokenEpoch) !== epoch) {
        return {
          status: 410,
          body: { error: { code: 410, message: 'Sync token is no longer valid, a full sync is required.', errors: [{ reason: 'fullSyncRequired', domain: 'calendar' }] } },
        };
      }
      items = calendar.filter((event) => event.changedAt > since);
    } else {
      items = calendar.filter((event) => event.status !== 'cancelled');
    }
    // Pages: the page token carries the offset and the sync token the last page will hand out.
    const [, offsetText, pendingToken] = /^page-(\d+)-(.+)$/.exec(request.query.get('pageToken') ?? '') ?? [];
    const offset = Number(offsetText ?? 0);
    const size = Math.min(Number(request.query.get('maxResults') ?? this.pageSize), this.pageSize);
    const nextSyncToken = pendingToken ?? `sync-${epoch}-${this.sequence}`;
    const page = items.slice(offset, offset + size);
    const more = offset + size < items.length;
    return {
      status: 200,
      body: {
        kind: 'calendar#events',
        items: page.map(({ changedAt: _, ...event }) => event).flatMap((event) => (singleEvents ? instancesOf(event) : [event])),
        ...(more ? { nextPageToken: `page-${offset + size}-${nextSyncToken}` } : { nextSyncToken }),
      },
    };
  }

  async watch(calendarId: string, request: SimRequest): Promise<Reply> {
    const body = request.body as { id: string; address: string; token?: string };
    const channel: Channel = { id: body.id, resourceId: randomBytes(8).toString('hex'), calendarId, address: body.address, token: body.token, messages: 0 };
    this.channels.set(channel.id, channel);
    await this.notify(channel, 'sync');
    return {
      status: 200,
      body: {
        kind: 'api#channel',
        id: channel.id,
        resourceId: channel.resourceId,
        resourceUri: `/calendar/v3/calendars/${calendarId}/events`,
        token: channel.token,
        expiration: String(Date.now() + this.channelTtlMs),
      },
    };
  }

  stop(request: SimRequest): Reply {
    const { id, resourceId } = request.body as { id: string; resourceId: string };
    const channel = this.channels.get(id);
    if (!channel || channel.resourceId !== resourceId) return { status: 404, body: { error: { code: 404, message: 'Channel not found' } } };
    this.channels.delete(id);
    return { status: 204 };
  }

  private async notify(channel: Channel, state: 'sync' | 'exists'): Promise<void> {
    channel.messages += 1;
    await fetch(channel.address, {
      method: 'POST',
      headers: {
        'x-goog-channel-id': channel.id,
        ...(channel.token && { 'x-goog-channel-token': channel.token }),
        'x-goog-resource-id': channel.resourceId,
        'x-goog-resource-state': state,
        'x-goog-message-number': String(channel.messages),
        'x-goog-resource-uri': `/calendar/v3/calendars/${channel.calendarId}/events`,
      },
    }).catch(() => undefined);
  }
}

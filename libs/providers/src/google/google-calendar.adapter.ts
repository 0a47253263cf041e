import type { calendar_v3 } from '@googleapis/calendar';
import { NonRetriableError, RetryAfterError } from '@switchboard/durable';
import { type CalendarChanges, type CalendarEvent, CalendarPort, type WatchChannel } from '../calendar/calendar.port.js';
import { onFirstUse } from '../sdk/on-first-use.js';

export interface GoogleCalendarOptions {
  /** An OAuth access token of the calendar's owner (refreshing it is the caller's concern). */
  accessToken: string;
  /** The simulator's URL; https://www.googleapis.com/ when absent. */
  baseUrl?: string;
  timeoutMs?: number;
  /**
   * Google refused the access token (401: revoked, or expired early): called before the request
   * fails with a retryable error, so the caller can drop a token it keeps and refresh on the retry.
   * Without it a 401 is a NonRetriableError.
   */
  onUnauthorized?: () => void;
}

const toEvent = (event: calendar_v3.Schema$Event): CalendarEvent => ({
  id: event.id ?? '',
  status: (event.status as CalendarEvent['status']) ?? 'confirmed',
  summary: event.summary ?? undefined,
  start: event.start?.dateTime ?? event.start?.date ?? undefined,
  end: event.end?.dateTime ?? event.end?.date ?? undefined,
  attendees: (event.attendees ?? []).map((a) => ({ email: a.email ?? '', self: Boolean(a.self), organizer: Boolean(a.organizer) })),
});

/** Pages of one listing at most (250 events each): a calendar beyond it is refused, not read for ever. */
const MAX_PAGES = 200;

/** Google Calendar on the official client (@googleapis/calendar), pointed at `rootUrl`. */
export class GoogleCalendar extends CalendarPort {
  private readonly api: () => Promise<calendar_v3.Calendar>;
  private readonly onUnauthorized?: () => void;

  constructor(options: GoogleCalendarOptions) {
    super();
    this.onUnauthorized = options.onUnauthorized;
    this.api = onFirstUse(async () => {
      const { auth, calendar } = await import('@googleapis/calendar');
      const client = new auth.OAuth2();
      client.setCredentials({ access_token: options.accessToken });
      return calendar({
        version: 'v3',
        auth: client,
        ...(options.baseUrl && { rootUrl: `${options.baseUrl.replace(/\/$/, '')}/` }),
        timeout: options.timeoutMs ?? 30_000,
        retry: false,
      });
    });
  }

  async listChanges(calendarId: string, syncToken?: string): Promise<CalendarChanges> {
    try {
      const api = await this.api();
      const events: CalendarEvent[] = [];
      // Every page of one listing; only the last carries the sync token for the next listing.
      for (let pageToken: string | undefined, pages = 0; ; pages++) {
        if (pages >= MAX_PAGES) throw new NonRetriableError(`listing events of ${calendarId}: more than ${MAX_PAGES} pages`);
        // The same query every time: Google answers a sync token only for the query it was issued for,
        // and recurring meetings are wanted as their occurrences in incremental listings too.
        const { data } = await api.events.list({ calendarId, pageToken, singleEvents: true, ...(syncToken && { syncToken }) });
        events.push(...(data.items ?? []).map(toEvent));
        if (!data.nextPageToken) return { events, nextSyncToken: data.nextSyncToken ?? '', fullResync: false };
        pageToken = data.nextPageToken;
      }
    } catch (error) {
      // 410 Gone: the token expired; Google's documented answer is a full sync.
      if (syncToken && status(error) === 410) return { ...(await this.listChanges(calendarId)), fullResync: true };
      throw this.mapError(error, `listing events of ${calendarId}`);
    }
  }

  async watch(calendarId: string, channel: { channelId: string; address: string; token: string }): Promise<WatchChannel> {
    try {
      const { data } = await (await this.api()).events.watch({
        calendarId,
        requestBody: { id: channel.channelId, type: 'web_hook', address: channel.address, token: channel.token },
      });
      return { channelId: data.id ?? channel.channelId, resourceId: data.resourceId ?? '', expiresAt: new Date(Number(data.expiration)) };
    } catch (error) {
      throw this.mapError(error, `watching ${calendarId}`);
    }
  }

  async stop(channel: { channelId: string; resourceId: string }): Promise<void> {
    try {
      await (await this.api()).channels.stop({ requestBody: { id: channel.channelId, resourceId: channel.resourceId } });
    } catch (error) {
      if (status(error) === 404) return; // already gone: stopping is done
      throw this.mapError(error, `stopping channel ${channel.channelId}`);
    }
  }

  private mapError(error: unknown, what: string): Error {
    // Without a caller that refreshes, a refused token stays refused.
    if (status(error) !== 401 || !this.onUnauthorized) return mapGoogleError(error, what);
    this.onUnauthorized();
    return new Error(`${what}: Google 401 (access token refused)`, { cause: error });
  }
}

const status = (error: unknown): number | undefined =>
  (error as { status?: number; response?: { status?: number } }).status ?? (error as { response?: { status?: number } }).response?.status;

function mapGoogleError(error: unknown, what: string): Error {
  const code = status(error);
  const reason = (error as { errors?: { reason?: string }[] }).errors?.[0]?.reason ?? '';
  if (code === 429 || (code === 403 && /rateLimitExceeded|userRateLimitExceeded/.test(reason))) {
    // gaxios hands a fetch Headers (not always this realm's class, so no instanceof); older versions a plain object.
    const headers = (error as { response?: { headers?: { get?: (name: string) => string | null } & Record<string, unknown> } }).response?.headers;
    const header = typeof headers?.get === 'function' ? headers.get('retry-after') : headers?.['retry-after'];
    const seconds = Number(header ?? 1) || 1;
    return new RetryAfterError(`${what}: Google rate limit`, seconds * 1000, { cause: error });
  }
  if (code !== undefined && code >= 400 && code < 500) return new NonRetriableError(`${what}: Google ${code}`, { cause: error });
  return error as Error;
}

import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

/** A Google calendar connected through OAuth: its refresh token is kept encrypted beside the read model, never in an event. */
export class CalendarConnected {
  @IsString() connectionId: string;
  @IsString() campaignId: string;
  @IsString() @MaxLength(254) calendarId: string;
  @IsString() @MaxLength(254) ownerEmail: string;
}

/** A watch channel asked for (intent on record before Google hears of it); its secret token is in the subscriptions table. */
export class CalendarWatchRequested {
  @IsString() connectionId: string;
  @IsString() channelId: string;
}

export class CalendarWatchStarted {
  @IsString() connectionId: string;
  @IsString() channelId: string;
  @IsString() @MaxLength(200) resourceId: string;
  @IsISO8601() expiresAt: string;
}

/** The channel could not be renewed: no pushes come any more until the owner reconnects. */
export class CalendarWatchExpired {
  @IsString() connectionId: string;
  @IsString() channelId: string;
  @IsString() @MaxLength(1_000) reason: string;
}

export const PUSH_STATES = ['sync', 'exists', 'not_exists'] as const;

/** A push notification whose channel id and token matched an active subscription. */
export class CalendarPushReceived {
  @IsString() connectionId: string;
  @IsString() channelId: string;
  @IsIn(PUSH_STATES) resourceState: (typeof PUSH_STATES)[number];
  @IsOptional() @IsInt() messageNumber?: number;
}

/** The debounce timer fired: one incremental sync for the burst of pushes before it. */
export class CalendarSyncDue {
  @IsString() connectionId: string;
}

export class CalendarSynced {
  @IsString() connectionId: string;
  @IsString() @MaxLength(1_000) syncToken: string;
  /** The old token had expired (410) and everything was listed again. */
  @IsBoolean() fullResync: boolean;
  @IsInt() changedEvents: number;
}

/** Refreshing the access token failed (revoked, invalid grant): the owner must reconnect. */
export class CalendarConnectionBroken {
  @IsString() connectionId: string;
  @IsString() @MaxLength(1_000) reason: string;
}

/** The renewal cron's slot: renew every channel expiring soon. */
export class WatchRenewalDue {
  @IsString() slot: string;
}

export const calendarConnected = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'connected', version: 1, payload: CalendarConnected });
export const calendarWatchRequested = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'watch-requested', version: 1, payload: CalendarWatchRequested });
export const calendarWatchStarted = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'watch-started', version: 1, payload: CalendarWatchStarted });
export const calendarWatchExpired = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'watch-expired', version: 1, payload: CalendarWatchExpired });
export const calendarSyncDue = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'sync-due', version: 1, payload: CalendarSyncDue });
export const calendarSynced = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'synced', version: 1, payload: CalendarSynced });
export const calendarConnectionBroken = defineEvent({ domain: 'research', aggregate: 'calendar', event: 'connection-broken', version: 1, payload: CalendarConnectionBroken });
export const calendarPushReceived = defineEvent({ domain: 'research', aggregate: 'calendar-push', event: 'received', version: 1, payload: CalendarPushReceived });
export const watchRenewalDue = defineEvent({ domain: 'research', aggregate: 'watch-renewal', event: 'due', version: 1, payload: WatchRenewalDue });

export const calendarEvents = [
  calendarConnected,
  calendarWatchRequested,
  calendarWatchStarted,
  calendarWatchExpired,
  calendarSyncDue,
  calendarSynced,
  calendarConnectionBroken,
  calendarPushReceived,
  watchRenewalDue,
];

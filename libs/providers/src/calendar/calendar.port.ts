export interface CalendarEvent {
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary?: string;
  start?: string;
  end?: string;
  attendees: { email: string; self: boolean; organizer: boolean }[];
}

export interface CalendarChanges {
  events: CalendarEvent[];
  /** Keep it for the next call: only what changed since is returned. */
  nextSyncToken: string;
  /** True when the old token had expired and everything was listed again. */
  fullResync: boolean;
}

export interface WatchChannel {
  channelId: string;
  resourceId: string;
  expiresAt: Date;
}

/** Calendars, read incrementally and watched for changes (Google Calendar today). */
export abstract class CalendarPort {
  abstract listChanges(calendarId: string, syncToken?: string): Promise<CalendarChanges>;
  abstract watch(calendarId: string, channel: { channelId: string; address: string; token: string }): Promise<WatchChannel>;
  abstract stop(channel: { channelId: string; resourceId: string }): Promise<void>;
}

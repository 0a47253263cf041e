import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type CalendarConnectionBroken,
  calendarConnectionBroken,
  type CalendarWatchExpired,
  calendarWatchExpired,
  type EventEnvelope,
  type ResearchFailed,
  researchFailed,
} from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { ResearchConfig } from '../research.config.js';
import { OwnerNotices } from './owner-notices.js';

/** A failed brief is worth an email only while there is time to act on it before the meeting. */
export const FAILURE_NOTICE_WINDOW_MS = 24 * 3_600_000;

const RETRY = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, jitter: 0.2 };

/** What the owner of a prep campaign is emailed about: a failed brief soon before a meeting, a calendar to reconnect. */
@Controller()
export class OwnerNoticesHandler {
  constructor(
    private readonly notices: OwnerNotices,
    private readonly config: ResearchConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(researchFailed, { durable: 'research-failure-notices', retry: RETRY })
  async researchFailed(@Payload() event: EventEnvelope<ResearchFailed>, @Ctx() { tx }: EventContext): Promise<void> {
    const { rows } = await tx.query<{ meetingId: string; title: string; startsAt: Date; campaignId: string; ownerEmail: string }>(
      `SELECT m.meeting_id AS "meetingId", m.title, m.starts_at AS "startsAt", m.campaign_id AS "campaignId", c.owner_email AS "ownerEmail"
       FROM "${this.schema}".research_runs r JOIN "${this.schema}".meetings m ON m.meeting_id = r.meeting_id
       JOIN "${this.schema}".prep_campaigns c ON c.campaign_id = m.campaign_id
       WHERE r.research_id = $1 AND m.status = 'SCHEDULED'`,
      [event.payload.researchId],
    );
    const meeting = rows[0];
    const untilStart = meeting ? meeting.startsAt.getTime() - Date.parse(event.occurredAt) : -1;
    // Ad hoc runs have no meeting; past meetings need no brief; meetings further away can still be retried by REST.
    if (!meeting || untilStart <= 0 || untilStart > FAILURE_NOTICE_WINDOW_MS) return;
    await this.notices.send(event, 'research-failed', {
      campaignId: meeting.campaignId,
      ownerEmail: meeting.ownerEmail,
      about: { kind: 'meeting', id: meeting.meetingId },
      subject: `Meeting brief unavailable: ${meeting.title}`,
      body:
        `The research brief for "${meeting.title}" (${meeting.startsAt.toISOString()}) failed at step ${event.payload.step}: ${event.payload.reason}\n` +
        `Retry: POST ${this.config.publicUrl}/v1/prep/meetings/${meeting.meetingId}/research`,
    });
  }

  @OnEvent(calendarConnectionBroken, { durable: 'research-broken-notices', retry: RETRY })
  async connectionBroken(@Payload() event: EventEnvelope<CalendarConnectionBroken>, @Ctx() { tx }: EventContext): Promise<void> {
    await this.reconnect(event, tx, 'connection-broken', 'Google no longer accepts our access to your calendar');
  }

  @OnEvent(calendarWatchExpired, { durable: 'research-expired-notices', retry: RETRY })
  async watchExpired(@Payload() event: EventEnvelope<CalendarWatchExpired>, @Ctx() { tx }: EventContext): Promise<void> {
    await this.reconnect(event, tx, 'watch-expired', 'We could not renew the watch on your calendar');
  }

  private async reconnect(event: EventEnvelope<{ connectionId: string }>, tx: EventContext['tx'], purpose: string, what: string): Promise<void> {
    const { rows } = await tx.query<{ campaignId: string; ownerEmail: string; calendarId: string }>(
      `SELECT campaign_id AS "campaignId", owner_email AS "ownerEmail", calendar_id AS "calendarId" FROM "${this.schema}".calendar_connections WHERE connection_id = $1`,
      [event.payload.connectionId],
    );
    if (!rows[0]) return;
    await this.notices.send(event, purpose, {
      campaignId: rows[0].campaignId,
      ownerEmail: rows[0].ownerEmail,
      about: { kind: 'calendar-connection', id: event.payload.connectionId },
      subject: 'Reconnect your calendar for meeting prep',
      body: `${what} (${rows[0].calendarId}): new meetings are not prepared until you reconnect.\nReconnect: ${this.config.publicUrl}/v1/prep/oauth/google/start?campaignId=${rows[0].campaignId}`,
    });
  }
}

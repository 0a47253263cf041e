import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CalendarSyncDue, calendarSyncDue, type EventEnvelope, meetingResearchRequested } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { CalendarAccess } from '../calendars/calendar-access.js';
import { Calendars, Meetings, ResearchRuns } from '../research.aggregates.js';
import { RESEARCH_FRESH_MS } from './meeting.decider.js';
import { meetingDetails, meetingIdOf, researchIdOf } from './calendar-changes.js';

/**
 * One incremental sync of a calendar (the debounce timer fired): every page of changes since the
 * last sync token (a full listing when Google says the token expired), meetings upserted or
 * canceled, research asked for, the new token recorded: all in one transaction.
 */
@Controller()
export class CalendarSyncHandler {
  constructor(
    private readonly calendars: Calendars,
    private readonly meetings: Meetings,
    private readonly runs: ResearchRuns,
    private readonly access: CalendarAccess,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(calendarSyncDue, {
    durable: 'research-calendar-sync',
    concurrency: 4,
    keyConcurrency: { key: (event) => `calendar-sync-${(event.payload as CalendarSyncDue).connectionId}`, limit: 1 },
    // 3 retries; a Google rate limit waits what its Retry-After says (RetryAfterError).
    retry: { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 8_000, jitter: 0.2 },
    ackWaitMs: 30_000,
  })
  async sync(@Payload() event: EventEnvelope<CalendarSyncDue>, @Ctx() context: EventContext): Promise<void> {
    const { connectionId } = event.payload;
    const { tx } = context;
    const cause = { tx, cause: event };
    const { state } = await this.calendars.load(connectionId, tx);
    if (state.status === 'BROKEN' || !state.campaignId) return;
    const calendar = await this.access.client(connectionId, tx, event);
    if (!calendar) return;
    const changes = await calendar.listChanges(state.calendarId!, state.syncToken);
    const s = `"${this.schema}"`;
    const { rows: campaign } = await tx.query<{ ownDomains: string[] }>(`SELECT own_domains AS "ownDomains" FROM ${s}.prep_campaigns WHERE campaign_id = $1`, [state.campaignId]);
    const now = new Date();
    for (const change of changes.events) {
      const meetingId = meetingIdOf(connectionId, change.id);
      if (change.status === 'cancelled') {
        const { events } = await this.meetings.execute(meetingId, { type: 'cancel' }, cause);
        const { state: meeting } = await this.meetings.load(meetingId, tx);
        if (events.length && meeting.researchId) await this.runs.execute(meeting.researchId, { type: 'cancel' }, cause);
        continue;
      }
      const details = meetingDetails(change, campaign[0].ownDomains);
      if (!details) continue;
      // Researched lately, or in a run not ended yet (asked by an earlier sync, or by this one for
      // another meeting: the occurrences of a recurring meeting arrive together) -> not asked again.
      const { rows: recent } = await tx.query<{ email: string }>(
        `SELECT email FROM ${s}.prospects_researched WHERE email = ANY($1) AND researched_at > $2
         UNION SELECT p->>'email' FROM ${s}.research_runs r, jsonb_array_elements(r.prospects) p
         WHERE r.status IN ('pending', 'generating') AND p->>'email' = ANY($1)`,
        [details.prospects.map((p) => p.email), new Date(now.getTime() - RESEARCH_FRESH_MS)],
      );
      const researchId = researchIdOf(meetingId, event.id);
      const { events } = await this.meetings.execute(
        meetingId,
        {
          type: 'sync',
          meeting: { meetingId, campaignId: state.campaignId, connectionId, externalEventId: change.id, ...details },
          researchedRecently: recent.map((r) => r.email),
          researchId,
          now,
        },
        cause,
      );
      if (events.some((e) => e.type === meetingResearchRequested.type)) {
        await this.runs.execute(researchId, { type: 'request', researchId, campaignId: state.campaignId, meetingId, prospects: details.prospects }, cause);
      }
    }
    await this.calendars.execute(connectionId, { type: 'record-sync', syncToken: changes.nextSyncToken, fullResync: changes.fullResync, changedEvents: changes.events.length }, cause);
  }
}

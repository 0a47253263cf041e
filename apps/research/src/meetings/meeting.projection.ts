import {
  type EventEnvelope,
  meetingCanceled,
  type MeetingChanged,
  meetingChanged,
  type MeetingResearchRequested,
  meetingResearchRequested,
  type MeetingScheduled,
  meetingScheduled,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `meetings` and `meeting_prospects`. */
export const meetingProjection = (schema: string) => {
  const s = `"${schema}"`;
  const replaceProspects = async (tx: pg.PoolClient, p: MeetingChanged) => {
    await tx.query(`DELETE FROM ${s}.meeting_prospects WHERE meeting_id = $1`, [p.meetingId]);
    await tx.query(
      `INSERT INTO ${s}.meeting_prospects (meeting_id, email, name, company_domain) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])`,
      [p.meetingId, p.prospects.map((x) => x.email), p.prospects.map((x) => x.name ?? null), p.prospects.map((x) => x.companyDomain)],
    );
  };
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      if (event.type === meetingScheduled.type) {
        const p = event.payload as MeetingScheduled;
        await tx.query(
          `INSERT INTO ${s}.meetings (meeting_id, campaign_id, connection_id, external_event_id, title, starts_at, ends_at, attendees, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'SCHEDULED')`,
          [p.meetingId, p.campaignId, p.connectionId, p.externalEventId, p.title, p.startsAt, p.endsAt ?? null, JSON.stringify(p.attendees)],
        );
        await replaceProspects(tx, p);
      } else if (event.type === meetingChanged.type) {
        const p = event.payload as MeetingChanged;
        await tx.query(`UPDATE ${s}.meetings SET title = $2, starts_at = $3, ends_at = $4, attendees = $5 WHERE meeting_id = $1`, [
          p.meetingId,
          p.title,
          p.startsAt,
          p.endsAt ?? null,
          JSON.stringify(p.attendees),
        ]);
        await replaceProspects(tx, p);
      } else if (event.type === meetingCanceled.type) {
        await tx.query(`UPDATE ${s}.meetings SET status = 'CANCELED' WHERE meeting_id = $1`, [(event.payload as { meetingId: string }).meetingId]);
      } else if (event.type === meetingResearchRequested.type) {
        const p = event.payload as MeetingResearchRequested;
        await tx.query(`UPDATE ${s}.meetings SET research_id = $2, research_status = 'pending' WHERE meeting_id = $1`, [p.meetingId, p.researchId]);
      }
    }
  };
};

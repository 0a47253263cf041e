import type { MeetingDetails, Prospect } from '@switchboard/contracts';
import { MEETING_LIMITS } from '@switchboard/contracts';
import type { CalendarEvent } from '@switchboard/providers';
import { v5 as uuidv5 } from 'uuid';

const MEETING_NAMESPACE = '0b7c7f3e-2f51-4c39-8a57-1d7b9d7c2a11';

/** A calendar event is the same meeting on every sync: its id is derived from the connection and Google's id. */
export const meetingIdOf = (connectionId: string, externalEventId: string) => uuidv5(`${connectionId}/${externalEventId}`, MEETING_NAMESPACE);
/** The run a sync asks for: the same on a redelivery of that sync. */
export const researchIdOf = (meetingId: string, causeEventId: string) => uuidv5(`${meetingId}/${causeEventId}`, MEETING_NAMESPACE);

const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();
const nameOf = (email: string) => email.slice(0, email.indexOf('@')).replace(/[._-]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

/** Whether an address belongs to the organisation: its domain or a subdomain of it. */
export const isInternal = (email: string, ownDomains: string[]) => {
  const domain = domainOf(email);
  return ownDomains.some((own) => domain === own || domain.endsWith(`.${own}`));
};

/** What a calendar event says about a meeting; attendees outside the organisation's domains are its prospects. */
export function meetingDetails(event: CalendarEvent, ownDomains: string[]): MeetingDetails | undefined {
  if (!event.start) return undefined; // nothing to prepare for without a time
  const attendees = event.attendees
    .map((a) => a.email.toLowerCase())
    .filter((email) => /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/.test(email))
    .slice(0, MEETING_LIMITS.attendees);
  const prospects: Prospect[] = attendees.filter((email) => !isInternal(email, ownDomains)).map((email) => ({ email, name: nameOf(email), companyDomain: domainOf(email) }));
  return {
    title: (event.summary ?? '(no title)').slice(0, MEETING_LIMITS.title),
    startsAt: new Date(event.start).toISOString(),
    ...(event.end && { endsAt: new Date(event.end).toISOString() }),
    attendees,
    prospects,
  };
}

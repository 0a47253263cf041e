import { AggregateHandler, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type CalendarCommand, calendarDecider, type CalendarEvent, type CalendarState } from './calendars/calendar.decider.js';
import { calendarProjection } from './calendars/calendar.projection.js';
import { type MeetingCommand, meetingDecider, type MeetingEvent, type MeetingState } from './meetings/meeting.decider.js';
import { meetingProjection } from './meetings/meeting.projection.js';
import { type PrepCampaignCommand, prepCampaignDecider, type PrepCampaignEvent, type PrepCampaignState } from './prep-campaigns/prep-campaign.decider.js';
import { prepCampaignProjection } from './prep-campaigns/prep-campaign.projection.js';
import { type ResearchRunCommand, researchRunDecider, type ResearchRunEvent, type ResearchRunState } from './runs/research-run.decider.js';
import { researchRunProjection } from './runs/research-run.projection.js';

export const prepCampaignStream = (id: string) => `prep-campaign-${id}`;
export const calendarStream = (connectionId: string) => `calendar-${connectionId}`;
export const meetingStream = (meetingId: string) => `meeting-${meetingId}`;
export const researchRunStream = (researchId: string) => `research-run-${researchId}`;

export class PrepCampaigns extends AggregateHandler<PrepCampaignCommand, PrepCampaignEvent, PrepCampaignState> {}
export class Calendars extends AggregateHandler<CalendarCommand, CalendarEvent, CalendarState> {}
export class Meetings extends AggregateHandler<MeetingCommand, MeetingEvent, MeetingState> {}
export class ResearchRuns extends AggregateHandler<ResearchRunCommand, ResearchRunEvent, ResearchRunState> {}

const inject = [EventStore, SERVICE_SCHEMA];

/** The research service's aggregates, each with its read model. */
export const researchAggregates = [
  { provide: PrepCampaigns, inject, useFactory: (store: EventStore, schema: string) => new PrepCampaigns(store, prepCampaignDecider, prepCampaignStream, prepCampaignProjection(schema)) },
  { provide: Calendars, inject, useFactory: (store: EventStore, schema: string) => new Calendars(store, calendarDecider, calendarStream, calendarProjection(schema)) },
  { provide: Meetings, inject, useFactory: (store: EventStore, schema: string) => new Meetings(store, meetingDecider, meetingStream, meetingProjection(schema)) },
  { provide: ResearchRuns, inject, useFactory: (store: EventStore, schema: string) => new ResearchRuns(store, researchRunDecider, researchRunStream, researchRunProjection(schema)) },
];

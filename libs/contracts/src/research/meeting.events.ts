import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsISO8601, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';
import { DOMAIN, PREP_LIMITS } from './prep-campaign.events.js';

/** Attendees kept per meeting: Google allows more, a brief about hundreds of people is no brief. */
export const MEETING_LIMITS = { attendees: 100, title: 500 } as const;

/** An attendee outside the organisation's domains: the person the brief is about. */
export class Prospect {
  @IsEmail() @MaxLength(254) email: string;
  @IsOptional() @IsString() @MaxLength(PREP_LIMITS.personName) name?: string;
  @Matches(DOMAIN) companyDomain: string;
}

export class MeetingDetails {
  @IsString() @MaxLength(MEETING_LIMITS.title) title: string;
  @IsISO8601() startsAt: string;
  @IsOptional() @IsISO8601() endsAt?: string;
  @IsArray() @ArrayMaxSize(MEETING_LIMITS.attendees) @IsString({ each: true }) @MaxLength(254, { each: true }) attendees: string[];
  @IsArray() @ArrayMaxSize(MEETING_LIMITS.attendees) @ValidateNested({ each: true }) @Type(() => Prospect) prospects: Prospect[];
}

export class MeetingScheduled extends MeetingDetails {
  @IsString() meetingId: string;
  @IsString() campaignId: string;
  @IsString() connectionId: string;
  /** Google's event id, unique within the calendar. */
  @IsString() @MaxLength(1_024) externalEventId: string;
}

export class MeetingChanged extends MeetingDetails {
  @IsString() meetingId: string;
}

export class MeetingCanceled {
  @IsString() meetingId: string;
}

/** Research asked for this meeting (a new meeting, new prospects, or a retry by REST). */
export class MeetingResearchRequested {
  @IsString() meetingId: string;
  @IsString() researchId: string;
}

export const meetingScheduled = defineEvent({ domain: 'research', aggregate: 'meeting', event: 'scheduled', version: 1, payload: MeetingScheduled });
export const meetingChanged = defineEvent({ domain: 'research', aggregate: 'meeting', event: 'changed', version: 1, payload: MeetingChanged });
export const meetingCanceled = defineEvent({ domain: 'research', aggregate: 'meeting', event: 'canceled', version: 1, payload: MeetingCanceled });
export const meetingResearchRequested = defineEvent({ domain: 'research', aggregate: 'meeting', event: 'research-requested', version: 1, payload: MeetingResearchRequested });

export const meetingEvents = [meetingScheduled, meetingChanged, meetingCanceled, meetingResearchRequested];

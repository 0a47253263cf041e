import {
  type MeetingCanceled,
  meetingCanceled,
  type MeetingChanged,
  meetingChanged,
  type MeetingDetails,
  type MeetingResearchRequested,
  meetingResearchRequested,
  type MeetingScheduled,
  meetingScheduled,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';
import { ResearchRuleViolation } from '../research-rule-violation.js';

export type MeetingEvent =
  | NewEvent<MeetingScheduled, typeof meetingScheduled.type>
  | NewEvent<MeetingChanged, typeof meetingChanged.type>
  | NewEvent<MeetingCanceled, typeof meetingCanceled.type>
  | NewEvent<MeetingResearchRequested, typeof meetingResearchRequested.type>;

/** Research is not asked again for someone researched this recently. */
export const RESEARCH_FRESH_MS = 7 * 24 * 3_600_000;

export type MeetingCommand =
  | {
      /** What the calendar says now; `researchedRecently` lists the prospects researched < 7 days ago. */
      type: 'sync';
      meeting: Omit<MeetingScheduled, keyof MeetingDetails> & MeetingDetails;
      researchedRecently: string[];
      researchId: string;
      now: Date;
    }
  | { type: 'cancel' }
  | { type: 'request-research'; researchId: string };

export interface MeetingState {
  meetingId?: string;
  status?: 'SCHEDULED' | 'CANCELED';
  details?: MeetingDetails;
  researchId?: string;
}

const sameDetails = (a: MeetingDetails, b: MeetingDetails) => JSON.stringify(a) === JSON.stringify(b);

function decide(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  switch (command.type) {
    case 'sync': {
      const { meeting, now } = command;
      // Past meetings are not prepared for; a meeting already canceled stays so (Google reuses no ids).
      if (Date.parse(meeting.startsAt) <= now.getTime() || state.status === 'CANCELED') return [];
      const { meetingId, campaignId: _c, connectionId: _k, externalEventId: _e, ...details } = meeting;
      const known = new Set(state.details?.prospects.map((p) => p.email) ?? []);
      const added = details.prospects.filter((p) => !known.has(p.email));
      const events: MeetingEvent[] = [];
      if (!state.status) events.push(meetingScheduled.create(meeting));
      else if (!sameDetails(state.details!, details)) events.push(meetingChanged.create({ meetingId, ...details }));
      const recent = new Set(command.researchedRecently);
      const needsResearch = added.length > 0 && !details.prospects.every((p) => recent.has(p.email));
      if (needsResearch) events.push(meetingResearchRequested.create({ meetingId, researchId: command.researchId }));
      return events;
    }
    case 'cancel':
      if (state.status !== 'SCHEDULED') return [];
      return [meetingCanceled.create({ meetingId: state.meetingId! })];
    case 'request-research':
      if (!state.status) throw new ResearchRuleViolation('meeting not found', 'not-found');
      if (state.status === 'CANCELED') throw new ResearchRuleViolation(`meeting ${state.meetingId} is canceled`);
      if (state.details!.prospects.length === 0) throw new ResearchRuleViolation(`meeting ${state.meetingId} has no external attendees`);
      return [meetingResearchRequested.create({ meetingId: state.meetingId!, researchId: command.researchId })];
  }
}

function evolve(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case meetingScheduled.type: {
      const { meetingId, campaignId: _c, connectionId: _k, externalEventId: _e, ...details } = event.payload;
      return { meetingId, status: 'SCHEDULED', details };
    }
    case meetingChanged.type: {
      const { meetingId: _m, ...details } = event.payload;
      return { ...state, details };
    }
    case meetingCanceled.type:
      return { ...state, status: 'CANCELED' };
    case meetingResearchRequested.type:
      return { ...state, researchId: event.payload.researchId };
  }
}

/**
 * A calendar meeting as the syncs saw it. New external attendees ask for research, unless every
 * prospect of the meeting was researched within the last 7 days.
 */
export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = { initialState: () => ({}), decide, evolve };

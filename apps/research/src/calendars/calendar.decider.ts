import {
  type CalendarConnected,
  calendarConnected,
  type CalendarConnectionBroken,
  calendarConnectionBroken,
  type CalendarSyncDue,
  calendarSyncDue,
  type CalendarSynced,
  calendarSynced,
  type CalendarWatchExpired,
  calendarWatchExpired,
  type CalendarWatchRequested,
  calendarWatchRequested,
  type CalendarWatchStarted,
  calendarWatchStarted,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';
import { ResearchRuleViolation } from '../research-rule-violation.js';

export type CalendarEvent =
  | NewEvent<CalendarConnected, typeof calendarConnected.type>
  | NewEvent<CalendarWatchRequested, typeof calendarWatchRequested.type>
  | NewEvent<CalendarWatchStarted, typeof calendarWatchStarted.type>
  | NewEvent<CalendarWatchExpired, typeof calendarWatchExpired.type>
  | NewEvent<CalendarSyncDue, typeof calendarSyncDue.type>
  | NewEvent<CalendarSynced, typeof calendarSynced.type>
  | NewEvent<CalendarConnectionBroken, typeof calendarConnectionBroken.type>;

export type CalendarCommand =
  | ({ type: 'connect' } & CalendarConnected)
  | { type: 'request-watch'; channelId: string }
  | ({ type: 'record-watch' } & Omit<CalendarWatchStarted, 'connectionId'>)
  | { type: 'expire-watch'; channelId: string; reason: string }
  | ({ type: 'record-sync' } & Omit<CalendarSynced, 'connectionId'>)
  | { type: 'break'; reason: string };

export type ConnectionStatus = 'CONNECTED' | 'BROKEN' | 'EXPIRED';

export interface CalendarState {
  connectionId?: string;
  campaignId?: string;
  calendarId?: string;
  ownerEmail?: string;
  status?: ConnectionStatus;
  /** The channel asked for last, and whether Google confirmed it. */
  channel?: { channelId: string; resourceId?: string; expiresAt?: string };
  syncToken?: string;
}

function decide(command: CalendarCommand, state: CalendarState): CalendarEvent[] {
  if (command.type === 'connect') {
    if (state.status) throw new ResearchRuleViolation(`calendar connection ${command.connectionId} exists already`);
    const { type: _type, ...connected } = command;
    return [calendarConnected.create(connected)];
  }
  if (!state.connectionId) throw new ResearchRuleViolation('calendar connection not found', 'not-found');
  const connectionId = state.connectionId;
  switch (command.type) {
    case 'request-watch':
      if (state.status !== 'CONNECTED' && state.status !== 'EXPIRED') throw new ResearchRuleViolation(`connection ${connectionId} is ${state.status}`);
      return [calendarWatchRequested.create({ connectionId, channelId: command.channelId })];
    case 'record-watch':
      // A confirmation for a channel that is no longer the one asked for changes nothing.
      if (state.channel?.channelId !== command.channelId || state.channel.resourceId) return [];
      return [calendarWatchStarted.create({ connectionId, channelId: command.channelId, resourceId: command.resourceId, expiresAt: command.expiresAt })];
    case 'expire-watch':
      if (state.status === 'EXPIRED' || state.channel?.channelId !== command.channelId) return [];
      return [calendarWatchExpired.create({ connectionId, channelId: command.channelId, reason: command.reason })];
    case 'record-sync':
      if (state.status === 'BROKEN') return [];
      return [calendarSynced.create({ connectionId, syncToken: command.syncToken, fullResync: command.fullResync, changedEvents: command.changedEvents })];
    case 'break':
      if (state.status === 'BROKEN') return [];
      return [calendarConnectionBroken.create({ connectionId, reason: command.reason })];
  }
}

function evolve(state: CalendarState, event: CalendarEvent): CalendarState {
  switch (event.type) {
    case calendarConnected.type:
      return { ...event.payload, status: 'CONNECTED' };
    case calendarWatchRequested.type:
      return { ...state, status: state.status === 'EXPIRED' ? 'CONNECTED' : state.status, channel: { channelId: event.payload.channelId } };
    case calendarWatchStarted.type:
      return { ...state, channel: { channelId: event.payload.channelId, resourceId: event.payload.resourceId, expiresAt: event.payload.expiresAt } };
    case calendarWatchExpired.type:
      return { ...state, status: 'EXPIRED' };
    case calendarSyncDue.type:
      return state;
    case calendarSynced.type:
      return { ...state, syncToken: event.payload.syncToken };
    case calendarConnectionBroken.type:
      return { ...state, status: 'BROKEN' };
  }
}

/** A connected Google calendar: its watch channel, its sync token, and whether it still works. */
export const calendarDecider: Decider<CalendarCommand, CalendarEvent, CalendarState> = { initialState: () => ({}), decide, evolve };

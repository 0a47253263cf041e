import {
  type CheckInAttemptDeferred,
  checkInAttemptDeferred,
  type CheckInAttemptDue,
  checkInAttemptDue,
  type CheckInAttemptSent,
  checkInAttemptSent,
  type CheckInClosedUnanswered,
  checkInClosedUnanswered,
  type CheckInReplied,
  checkInReplied,
  type NewEvent,
  type PatientChannel,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type CheckInEvent =
  | NewEvent<CheckInAttemptDue, typeof checkInAttemptDue.type>
  | NewEvent<CheckInAttemptSent, typeof checkInAttemptSent.type>
  | NewEvent<CheckInAttemptDeferred, typeof checkInAttemptDeferred.type>
  | NewEvent<CheckInClosedUnanswered, typeof checkInClosedUnanswered.type>
  | NewEvent<CheckInReplied, typeof checkInReplied.type>;

export type CheckInCommand =
  | { type: 'record-attempt'; attempt: number; channel: PatientChannel; notificationId: string }
  | { type: 'defer'; attempt: number; until: string }
  | { type: 'close-unanswered'; reason: string; taskId: string }
  | { type: 'record-reply'; interactionId: string };

export interface CheckInState {
  checkInId?: string;
  patientId?: string;
  /** The attempts sent so far (highest). */
  sent: number;
  status?: 'SCHEDULED' | 'AWAITING_REPLY' | 'REPLIED' | 'UNANSWERED';
}

const closed = (state: CheckInState) => state.status === 'REPLIED' || state.status === 'UNANSWERED';

/**
 * A discharge check-in: attempts come due by timer (appended as `attempt-due`); each is sent once,
 * or deferred past quiet hours; the first reply closes it; so does giving up (with a nurse task).
 */
export const checkInDecider: Decider<CheckInCommand, CheckInEvent, CheckInState> = {
  initialState: () => ({ sent: 0 }),
  decide: (command, state) => {
    const checkInId = state.checkInId!;
    switch (command.type) {
      case 'record-attempt':
        if (closed(state) || command.attempt <= state.sent) return [];
        return [checkInAttemptSent.create({ checkInId, attempt: command.attempt, channel: command.channel, notificationId: command.notificationId })];
      case 'defer':
        if (closed(state) || command.attempt <= state.sent) return [];
        return [checkInAttemptDeferred.create({ checkInId, attempt: command.attempt, until: command.until })];
      case 'close-unanswered':
        if (closed(state)) return [];
        return [checkInClosedUnanswered.create({ checkInId, patientId: state.patientId!, reason: command.reason, taskId: command.taskId })];
      case 'record-reply':
        if (closed(state)) return [];
        return [checkInReplied.create({ checkInId, interactionId: command.interactionId })];
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case checkInAttemptDue.type:
        return { ...state, checkInId: event.payload.checkInId, patientId: event.payload.patientId, status: state.status ?? 'SCHEDULED' };
      case checkInAttemptSent.type:
        return { ...state, sent: event.payload.attempt, status: 'AWAITING_REPLY' };
      case checkInAttemptDeferred.type:
        return state;
      case checkInClosedUnanswered.type:
        return { ...state, status: 'UNANSWERED' };
      case checkInReplied.type:
        return { ...state, status: 'REPLIED' };
    }
  },
};

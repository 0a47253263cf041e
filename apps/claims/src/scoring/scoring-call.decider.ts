import {
  type NewEvent,
  type ScoringCallCanceled,
  scoringCallCanceled,
  type ScoringCallFailed,
  scoringCallFailed,
  type ScoringCallQueued,
  scoringCallQueued,
  type ScoringCallScored,
  scoringCallScored,
  type ScoringCallTriaged,
  scoringCallTriaged,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type ScoringCallEvent =
  | NewEvent<ScoringCallQueued, typeof scoringCallQueued.type>
  | NewEvent<ScoringCallTriaged, typeof scoringCallTriaged.type>
  | NewEvent<ScoringCallScored, typeof scoringCallScored.type>
  | NewEvent<ScoringCallFailed, typeof scoringCallFailed.type>
  | NewEvent<ScoringCallCanceled, typeof scoringCallCanceled.type>;

export type ScoringCallCommand =
  | ({ type: 'queue' } & ScoringCallQueued)
  | ({ type: 'triage' } & Omit<ScoringCallTriaged, 'callId' | 'jobId'>)
  | ({ type: 'score' } & Omit<ScoringCallScored, 'callId' | 'jobId'>)
  | ({ type: 'fail' } & Omit<ScoringCallFailed, 'callId' | 'jobId'>)
  | { type: 'cancel' }
  | { type: 'requeue' };

/** SKIPPED: triage found nothing to score (voicemail, wrong number, too short). */
export type ScoringCallStatus = 'QUEUED' | 'TRIAGED' | 'SKIPPED' | 'SCORED' | 'FAILED' | 'CANCELED';
export const FINAL_SCORING_CALL_STATUSES: ScoringCallStatus[] = ['SKIPPED', 'SCORED', 'FAILED', 'CANCELED'];

export interface ScoringCallState {
  status?: ScoringCallStatus;
  queued?: ScoringCallQueued;
  triaged?: ScoringCallTriaged;
  failedStage?: ScoringCallFailed['stage'];
}

function decide(command: ScoringCallCommand, state: ScoringCallState): ScoringCallEvent[] {
  if (command.type === 'queue') {
    const { type: _type, ...queued } = command;
    return state.status ? [] : [scoringCallQueued.create(queued)]; // a call is queued once
  }
  if (!state.queued) throw new Error('the scoring call was never queued');
  const ids = { callId: state.queued.callId, jobId: state.queued.jobId };
  const { type, ...rest } = command;
  // Each stage's result is recorded once: a second delivery of the same step finds it done.
  switch (type) {
    case 'triage':
      return state.status === 'QUEUED' ? [scoringCallTriaged.create({ ...ids, ...(rest as Omit<ScoringCallTriaged, 'callId' | 'jobId'>) })] : [];
    case 'score':
      return state.status === 'TRIAGED' ? [scoringCallScored.create({ ...ids, ...(rest as Omit<ScoringCallScored, 'callId' | 'jobId'>) })] : [];
    case 'fail':
      return state.status === 'QUEUED' || state.status === 'TRIAGED' ? [scoringCallFailed.create({ ...ids, ...(rest as Omit<ScoringCallFailed, 'callId' | 'jobId'>) })] : [];
    case 'cancel':
      return state.status === 'QUEUED' || state.status === 'TRIAGED' ? [scoringCallCanceled.create(ids)] : [];
    case 'requeue':
      if (state.status !== 'FAILED') return [];
      // The stage that failed runs again from what it was given: silver from the sheet, gold from silver's answer.
      return state.failedStage === 'gold' ? [scoringCallTriaged.create(state.triaged!)] : [scoringCallQueued.create(state.queued)];
  }
}

function evolve(state: ScoringCallState, event: ScoringCallEvent): ScoringCallState {
  switch (event.type) {
    case scoringCallQueued.type:
      return { status: 'QUEUED', queued: event.payload };
    case scoringCallTriaged.type:
      return { ...state, status: event.payload.verdict === 'analyse' ? 'TRIAGED' : 'SKIPPED', triaged: event.payload, failedStage: undefined };
    case scoringCallScored.type:
      return { ...state, status: 'SCORED' };
    case scoringCallFailed.type:
      return { ...state, status: 'FAILED', failedStage: event.payload.stage };
    case scoringCallCanceled.type:
      return { ...state, status: 'CANCELED' };
  }
}

/** One call of a scoring job: queued (bronze), triaged and extracted (silver), scored and coached (gold). */
export const scoringCallDecider: Decider<ScoringCallCommand, ScoringCallEvent, ScoringCallState> = {
  initialState: () => ({}),
  decide,
  evolve,
};

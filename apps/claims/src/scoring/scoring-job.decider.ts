import {
  type NewEvent,
  type ScoringJobCallsReceived,
  scoringJobCallsReceived,
  type ScoringJobCanceled,
  scoringJobCanceled,
  type ScoringJobCreated,
  scoringJobCreated,
  type ScoringJobFailed,
  scoringJobFailed,
  type ScoringJobFinished,
  scoringJobFinished,
  type ScoringJobRetried,
  scoringJobRetried,
  type ScoringJobUploadDue,
  scoringJobUploadDue,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type ScoringJobEvent =
  | NewEvent<ScoringJobCreated, typeof scoringJobCreated.type>
  | NewEvent<ScoringJobFinished, typeof scoringJobFinished.type>
  | NewEvent<ScoringJobCanceled, typeof scoringJobCanceled.type>
  | NewEvent<ScoringJobRetried, typeof scoringJobRetried.type>
  | NewEvent<ScoringJobCallsReceived, typeof scoringJobCallsReceived.type>
  | NewEvent<ScoringJobUploadDue, typeof scoringJobUploadDue.type>
  | NewEvent<ScoringJobFailed, typeof scoringJobFailed.type>;

export type ScoringJobCommand =
  | ({ type: 'create' } & ScoringJobCreated)
  | ({ type: 'finish' } & Omit<ScoringJobFinished, 'jobId'>)
  | { type: 'cancel'; reason?: string }
  | { type: 'retry'; callIds: string[] }
  /** `count` calls of a batch were queued now (a batch sent again counts 0). */
  | { type: 'receive'; count: number }
  /** The upload's deadline passed: the job fails unless every call arrived. */
  | { type: 'expire-upload' };

export type ScoringJobStatus = 'OPEN' | ScoringJobFinished['outcome'] | 'CANCELED' | 'FAILED';

export interface ScoringJobState {
  jobId?: string;
  status?: ScoringJobStatus;
  /** Calls the sheet had, and how many of them arrived. */
  expected?: number;
  received?: number;
}

/** A command the job's state refuses (the gateway answers 409). */
export class ScoringJobConflict extends Error {
  override name = 'ScoringJobConflict';
}

function decide(command: ScoringJobCommand, state: ScoringJobState): ScoringJobEvent[] {
  if (command.type === 'create') {
    if (state.status) throw new ScoringJobConflict(`scoring job ${command.jobId} exists already`);
    const { type: _type, ...created } = command;
    // A sheet with no usable row is done as soon as it is accepted.
    const done = created.callIds.length === 0 ? [scoringJobFinished.create({ jobId: created.jobId, outcome: 'COMPLETED' })] : [];
    return [scoringJobCreated.create(created), ...done];
  }
  if (!state.status) throw new Error('the scoring job does not exist');
  const jobId = state.jobId!;
  const { expected = 0, received = 0 } = state;
  switch (command.type) {
    case 'receive':
      // A failed upload is over: calls arriving late would be scored for a job no one follows.
      if (state.status === 'FAILED') throw new ScoringJobConflict(`scoring job ${jobId} failed: its upload did not complete in time`);
      return command.count > 0 ? [scoringJobCallsReceived.create({ jobId, received: received + command.count })] : [];
    case 'expire-upload':
      if (state.status !== 'OPEN' || received >= expected) return [];
      return [scoringJobFailed.create({ jobId, reason: `upload incomplete: ${received} of ${expected} rows received` })];
    case 'finish':
      return state.status === 'OPEN' ? [scoringJobFinished.create({ jobId, outcome: command.outcome })] : [];
    case 'cancel':
      if (state.status === 'CANCELED') return []; // canceled already: the same request again changes nothing
      if (state.status !== 'OPEN') throw new ScoringJobConflict(`scoring job ${jobId} is ${state.status}: only a running job is canceled`);
      return [scoringJobCanceled.create({ jobId, ...(command.reason && { reason: command.reason }) })];
    case 'retry':
      if (state.status === 'CANCELED') throw new ScoringJobConflict(`scoring job ${jobId} was canceled: its calls are not retried`);
      if (state.status === 'FAILED') throw new ScoringJobConflict(`scoring job ${jobId} failed (its upload did not complete): upload the sheet again`);
      if (command.callIds.length === 0) throw new ScoringJobConflict(`scoring job ${jobId} has no failed call to retry`);
      return [scoringJobRetried.create({ jobId, callIds: command.callIds })];
  }
}

function evolve(state: ScoringJobState, event: ScoringJobEvent): ScoringJobState {
  switch (event.type) {
    case scoringJobCreated.type:
      return { jobId: event.payload.jobId, status: 'OPEN', expected: event.payload.callIds.length, received: 0 };
    case scoringJobFinished.type:
      return { ...state, status: event.payload.outcome };
    case scoringJobCanceled.type:
      return { ...state, status: 'CANCELED' };
    case scoringJobRetried.type:
      return { ...state, status: 'OPEN' };
    case scoringJobCallsReceived.type:
      return { ...state, received: event.payload.received };
    case scoringJobFailed.type:
      return { ...state, status: 'FAILED' };
    case scoringJobUploadDue.type:
      return state;
  }
}

/**
 * A scoring job: a sheet's calls, open until every call is final, canceled, or reopened by a
 * retry; failed when its upload stops before every call arrived (the deadline's timer says so).
 */
export const scoringJobDecider: Decider<ScoringJobCommand, ScoringJobEvent, ScoringJobState> = {
  initialState: () => ({}),
  decide,
  evolve,
};

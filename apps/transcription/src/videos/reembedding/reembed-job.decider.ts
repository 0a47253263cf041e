import {
  type NewEvent,
  REEMBED_ACTIONS,
  REEMBED_OUTCOMES,
  type ReembedJobCompleted,
  reembedJobCompleted,
  type ReembedJobStarted,
  reembedJobStarted,
  type ReembedJobVideoFinished,
  reembedJobVideoFinished,
  type ReembedJobVideoRequested,
  reembedJobVideoRequested,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

type Action = (typeof REEMBED_ACTIONS)[number];
type Outcome = (typeof REEMBED_OUTCOMES)[number];

export type ReembedJobEvent =
  | NewEvent<ReembedJobStarted, typeof reembedJobStarted.type>
  | NewEvent<ReembedJobVideoRequested, typeof reembedJobVideoRequested.type>
  | NewEvent<ReembedJobVideoFinished, typeof reembedJobVideoFinished.type>
  | NewEvent<ReembedJobCompleted, typeof reembedJobCompleted.type>;

export type ReembedJobCommand =
  | { type: 'start'; jobId: string; selector: string; videoIds: string[] }
  | { type: 'request'; videoId: string; action: Action }
  | { type: 'finish'; videoId: string; outcome: Outcome; reason?: string };

export interface ReembedJobState {
  jobId?: string;
  videoIds: string[];
  requested: Set<string>;
  finished: Map<string, Outcome>;
  completed: boolean;
}

/** What a request settles at once: a video retried or skipped is done as far as the job goes. */
const SETTLED_AT_REQUEST: Partial<Record<Action, Outcome>> = { retry: 'retried', skip: 'skipped' };

function decide(command: ReembedJobCommand, state: ReembedJobState): ReembedJobEvent[] {
  switch (command.type) {
    case 'start':
      if (state.jobId) return [];
      return [reembedJobStarted.create({ jobId: command.jobId, selector: command.selector, videoIds: command.videoIds })];
    case 'request': {
      if (!state.jobId || state.requested.has(command.videoId) || !state.videoIds.includes(command.videoId)) return [];
      const events: ReembedJobEvent[] = [reembedJobVideoRequested.create({ jobId: state.jobId, videoId: command.videoId, action: command.action })];
      const settled = SETTLED_AT_REQUEST[command.action];
      return settled ? [...events, ...finish(state, command.videoId, settled)] : events;
    }
    case 'finish':
      if (!state.requested.has(command.videoId) || state.finished.has(command.videoId)) return [];
      return finish(state, command.videoId, command.outcome, command.reason);
  }
}

function finish(state: ReembedJobState, videoId: string, outcome: Outcome, reason?: string): ReembedJobEvent[] {
  const events: ReembedJobEvent[] = [reembedJobVideoFinished.create({ jobId: state.jobId!, videoId, outcome, ...(reason && { reason }) })];
  if (state.finished.size + 1 === state.videoIds.length) {
    const failed = [...state.finished.values()].filter((o) => o === 'failed').length + (outcome === 'failed' ? 1 : 0);
    events.push(reembedJobCompleted.create({ jobId: state.jobId!, videos: state.videoIds.length, failed }));
  }
  return events;
}

function evolve(state: ReembedJobState, event: ReembedJobEvent): ReembedJobState {
  switch (event.type) {
    case reembedJobStarted.type:
      return { ...state, jobId: event.payload.jobId, videoIds: event.payload.videoIds };
    case reembedJobVideoRequested.type:
      return { ...state, requested: new Set([...state.requested, event.payload.videoId]) };
    case reembedJobVideoFinished.type:
      return { ...state, finished: new Map([...state.finished, [event.payload.videoId, event.payload.outcome]]) };
    case reembedJobCompleted.type:
      return { ...state, completed: true };
  }
}

/**
 * A re-embed job: the videos it covers, each requested once (so a job resumed after a crash
 * skips what it already asked for) and finished once; completed when every video is finished.
 */
export const reembedJobDecider: Decider<ReembedJobCommand, ReembedJobEvent, ReembedJobState> = {
  initialState: () => ({ videoIds: [], requested: new Set(), finished: new Map(), completed: false }),
  decide,
  evolve,
};

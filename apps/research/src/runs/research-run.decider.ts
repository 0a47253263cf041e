import {
  type NewEvent,
  type ResearchCanceled,
  researchCanceled,
  type ResearchCompleted,
  researchCompleted,
  type ResearchFailed,
  researchFailed,
  type ResearchRequested,
  researchRequested,
  type ResearchStarted,
  researchStarted,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';
import { ResearchRuleViolation } from '../research-rule-violation.js';

export type ResearchRunEvent =
  | NewEvent<ResearchRequested, typeof researchRequested.type>
  | NewEvent<ResearchStarted, typeof researchStarted.type>
  | NewEvent<ResearchCompleted, typeof researchCompleted.type>
  | NewEvent<ResearchFailed, typeof researchFailed.type>
  | NewEvent<ResearchCanceled, typeof researchCanceled.type>;

export type ResearchRunCommand =
  | ({ type: 'request' } & ResearchRequested)
  | { type: 'start' }
  | ({ type: 'complete' } & Omit<ResearchCompleted, 'researchId'>)
  | ({ type: 'fail' } & Omit<ResearchFailed, 'researchId'>)
  | { type: 'cancel' };

export type ResearchStatus = 'pending' | 'generating' | 'ready' | 'failed' | 'canceled';

export interface ResearchRunState {
  request?: ResearchRequested;
  status?: ResearchStatus;
}

const FINAL: ResearchStatus[] = ['ready', 'failed', 'canceled'];

function decide(command: ResearchRunCommand, state: ResearchRunState): ResearchRunEvent[] {
  if (command.type === 'request') {
    if (state.status) return []; // the same request again
    const { type: _type, ...requested } = command;
    return [researchRequested.create(requested)];
  }
  if (!state.request) throw new ResearchRuleViolation('research not found', 'not-found');
  const researchId = state.request.researchId;
  // A run ends once: a redelivery after a crash, or a cancel racing the end, changes nothing.
  if (FINAL.includes(state.status!)) return [];
  switch (command.type) {
    case 'start':
      return state.status === 'pending' ? [researchStarted.create({ researchId })] : [];
    case 'complete': {
      const { type: _type, ...completed } = command;
      return [researchCompleted.create({ researchId, ...completed })];
    }
    case 'fail':
      return [researchFailed.create({ researchId, step: command.step, reason: command.reason })];
    case 'cancel':
      return [researchCanceled.create({ researchId })];
  }
}

const STATUS_AFTER: Record<ResearchRunEvent['type'], ResearchStatus> = {
  [researchRequested.type]: 'pending',
  [researchStarted.type]: 'generating',
  [researchCompleted.type]: 'ready',
  [researchFailed.type]: 'failed',
  [researchCanceled.type]: 'canceled',
};

/** One research run: pending -> generating -> ready | failed (or canceled with its meeting). */
export const researchRunDecider: Decider<ResearchRunCommand, ResearchRunEvent, ResearchRunState> = {
  initialState: () => ({}),
  decide,
  evolve: (state, event) => ({
    request: event.type === researchRequested.type ? event.payload : state.request,
    status: STATUS_AFTER[event.type],
  }),
};

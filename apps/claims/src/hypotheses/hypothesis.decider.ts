import {
  type HypothesisDecided,
  hypothesisDecided,
  type HypothesisReopened,
  hypothesisReopened,
  type HypothesisValidationDue,
  hypothesisValidationDue,
  type HypothesisValidationFailed,
  hypothesisValidationFailed,
  type HypothesisVerdict,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type HypothesisStatus = 'OPEN' | HypothesisVerdict;

export type HypothesisEvent =
  | NewEvent<HypothesisValidationDue, typeof hypothesisValidationDue.type>
  | NewEvent<HypothesisDecided, typeof hypothesisDecided.type>
  | NewEvent<HypothesisValidationFailed, typeof hypothesisValidationFailed.type>
  | NewEvent<HypothesisReopened, typeof hypothesisReopened.type>;

export type HypothesisCommand =
  | ({ type: 'decide' } & HypothesisDecided)
  | { type: 'give-up-validation'; hypothesisId: string; campaignId: string; reason: string }
  | { type: 'reopen'; hypothesisId: string; campaignId: string; reason?: string };

export interface HypothesisState {
  status: HypothesisStatus;
}

export class HypothesisRuleViolation extends Error {
  override name = 'HypothesisRuleViolation';
}

function decide(command: HypothesisCommand, state: HypothesisState): HypothesisEvent[] {
  switch (command.type) {
    case 'decide': {
      if (state.status !== 'OPEN') return []; // decided already: only an operator's reopen judges again
      const { type: _type, ...decided } = command;
      return [hypothesisDecided.create(decided)];
    }
    case 'give-up-validation':
      if (state.status !== 'OPEN') return [];
      return [hypothesisValidationFailed.create({ hypothesisId: command.hypothesisId, campaignId: command.campaignId, reason: command.reason })];
    case 'reopen':
      if (state.status === 'OPEN') throw new HypothesisRuleViolation(`hypothesis ${command.hypothesisId} is not decided, there is nothing to reopen`);
      return [hypothesisReopened.create({ hypothesisId: command.hypothesisId, campaignId: command.campaignId, reason: command.reason })];
  }
}

function evolve(state: HypothesisState, event: HypothesisEvent): HypothesisState {
  switch (event.type) {
    case hypothesisDecided.type:
      return { status: event.payload.status };
    case hypothesisReopened.type:
      return { status: 'OPEN' };
    default:
      return state;
  }
}

/** A hypothesis: open until its evidence is judged, decided once, reopened only by an operator. */
export const hypothesisDecider: Decider<HypothesisCommand, HypothesisEvent, HypothesisState> = {
  initialState: () => ({ status: 'OPEN' }),
  decide,
  evolve,
};

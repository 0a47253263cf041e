import {
  type ClaimExtractionFailed,
  claimExtractionFailed,
  type ClaimsExtracted,
  claimsExtracted,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type CallClaimsEvent =
  | NewEvent<ClaimsExtracted, typeof claimsExtracted.type>
  | NewEvent<ClaimExtractionFailed, typeof claimExtractionFailed.type>;

export type CallClaimsCommand = ({ type: 'record' } & ClaimsExtracted) | ({ type: 'fail' } & ClaimExtractionFailed);

export interface CallClaimsState {
  status?: 'EXTRACTED' | 'FAILED';
}

function decide(command: CallClaimsCommand, state: CallClaimsState): CallClaimsEvent[] {
  if (state.status) return []; // a call's claims are stored once, or its extraction failed once
  const { type, ...payload } = command;
  return type === 'record' ? [claimsExtracted.create(payload as ClaimsExtracted)] : [claimExtractionFailed.create(payload as ClaimExtractionFailed)];
}

function evolve(_state: CallClaimsState, event: CallClaimsEvent): CallClaimsState {
  return { status: event.type === claimsExtracted.type ? 'EXTRACTED' : 'FAILED' };
}

/** The claims of one call: all of them together, once. */
export const callClaimsDecider: Decider<CallClaimsCommand, CallClaimsEvent, CallClaimsState> = {
  initialState: () => ({}),
  decide,
  evolve,
};

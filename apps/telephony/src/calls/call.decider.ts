import {
  type CallDialed,
  callDialed,
  type CallDialRequested,
  callDialRequested,
  type CallEnded,
  callEnded,
  type CallProgressed,
  callProgressed,
  type CallQueued,
  callQueued,
  type CallRecordingAvailable,
  callRecordingAvailable,
  type CallReconcileDue,
  type callReconcileDue,
  type CallRecordingDue,
  type callRecordingDue,
  type CallRecordingUnavailable,
  callRecordingUnavailable,
  type FinalCallStatus,
  type NewEvent,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type CallStatus = 'QUEUED' | 'DIALING' | 'RINGING' | 'IN_PROGRESS' | FinalCallStatus;

export type CallEvent =
  | NewEvent<CallQueued, typeof callQueued.type>
  | NewEvent<CallDialRequested, typeof callDialRequested.type>
  | NewEvent<CallDialed, typeof callDialed.type>
  | NewEvent<CallProgressed, typeof callProgressed.type>
  | NewEvent<CallEnded, typeof callEnded.type>
  | NewEvent<CallRecordingAvailable, typeof callRecordingAvailable.type>
  | NewEvent<CallReconcileDue, typeof callReconcileDue.type>
  | NewEvent<CallRecordingDue, typeof callRecordingDue.type>
  | NewEvent<CallRecordingUnavailable, typeof callRecordingUnavailable.type>;

export type CallCommand =
  | { type: 'queue'; callId: string; campaignId: string; phone: string; contactName?: string }
  | { type: 'request-dial' }
  | { type: 'record-dialed'; providerSid: string }
  | { type: 'apply-provider-status'; providerStatus: string; durationSeconds?: number }
  | { type: 'attach-recording'; recordingSid: string; recordingUrl: string; durationSeconds: number }
  | { type: 'give-up-recording'; reason: string }
  | { type: 'fail-dial'; reason: string }
  | { type: 'cancel'; callId: string; campaignId: string };

export interface CallState {
  callId?: string;
  campaignId?: string;
  phone?: string;
  status?: CallStatus;
  providerSid?: string;
  recordingSid?: string;
  /** Given up on: the call's outcome is told, so a recording that turns up later is not taken. */
  recordingUnavailable?: boolean;
}

export class CallRuleViolation extends Error {
  override name = 'CallRuleViolation';
}

/** Order of the live statuses: a callback that would move the call backwards is stale. */
const RANK: Record<CallStatus, number> = {
  QUEUED: 0,
  DIALING: 1,
  RINGING: 2,
  IN_PROGRESS: 3,
  COMPLETED: 4,
  BUSY: 4,
  NO_ANSWER: 4,
  FAILED: 4,
  CANCELED: 4,
};

const PROVIDER_STATUS: Record<string, CallStatus | undefined> = {
  queued: 'DIALING',
  initiated: 'DIALING',
  ringing: 'RINGING',
  'in-progress': 'IN_PROGRESS',
  completed: 'COMPLETED',
  busy: 'BUSY',
  'no-answer': 'NO_ANSWER',
  failed: 'FAILED',
  canceled: 'CANCELED',
};

const isFinal = (status?: CallStatus) => status !== undefined && RANK[status] === 4;

function decide(command: CallCommand, state: CallState): CallEvent[] {
  const callId = state.callId!;
  const campaignId = state.campaignId!;
  switch (command.type) {
    case 'queue':
      if (state.status) return []; // queued already: the same request again changes nothing
      return [callQueued.create({ callId: command.callId, campaignId: command.campaignId, phone: command.phone, contactName: command.contactName })];
    case 'request-dial':
      if (state.status === 'DIALING') return []; // asked already: the dialer's redeliveries do the retrying
      if (state.status === 'CANCELED') return []; // canceled while it waited for its turn: nothing to dial
      if (state.status !== 'QUEUED') throw new CallRuleViolation(`call ${callId} is ${state.status}, it cannot be dialled`);
      return [callDialRequested.create({ callId, campaignId })];
    case 'record-dialed':
      if (state.providerSid === command.providerSid) return [];
      if (state.providerSid) throw new CallRuleViolation(`call ${callId} is already ${state.providerSid}, not ${command.providerSid}`);
      return [callDialed.create({ callId, providerSid: command.providerSid })];
    case 'apply-provider-status': {
      const next = PROVIDER_STATUS[command.providerStatus];
      // Unknown, duplicated, late (a "ringing" after "completed") or backwards: ignored.
      if (!next || isFinal(state.status) || RANK[next] <= RANK[state.status ?? 'QUEUED']) return [];
      if (isFinal(next)) return [callEnded.create({ callId, campaignId, status: next as FinalCallStatus, durationSeconds: command.durationSeconds })];
      if (next === 'DIALING') return [];
      return [callProgressed.create({ callId, status: next as 'RINGING' | 'IN_PROGRESS' })];
    }
    case 'attach-recording':
      if (state.recordingSid || state.recordingUnavailable) return [];
      return [
        callRecordingAvailable.create({
          callId,
          campaignId,
          recordingSid: command.recordingSid,
          recordingUrl: command.recordingUrl,
          durationSeconds: command.durationSeconds,
        }),
      ];
    case 'give-up-recording':
      if (state.recordingSid || state.recordingUnavailable) return [];
      if (state.status !== 'COMPLETED') throw new CallRuleViolation(`call ${callId} is ${state.status}: only an answered call has a recording to wait for`);
      return [callRecordingUnavailable.create({ callId, campaignId, reason: command.reason })];
    case 'fail-dial':
      if (isFinal(state.status)) return [];
      return [callEnded.create({ callId, campaignId, status: 'FAILED', reason: command.reason })];
    case 'cancel':
      // Only a call not yet asked for is stopped (one being dialled ends as the provider says), and
      // one its campaign canceled before telephony queued it ends now, so it is never queued.
      if (state.status && state.status !== 'QUEUED') return [];
      return [callEnded.create({ callId: state.callId ?? command.callId, campaignId: state.campaignId ?? command.campaignId, status: 'CANCELED' })];
  }
}

function evolve(state: CallState, event: CallEvent): CallState {
  switch (event.type) {
    case callQueued.type:
      return { ...state, callId: event.payload.callId, campaignId: event.payload.campaignId, phone: event.payload.phone, status: 'QUEUED' };
    case callDialRequested.type:
      return { ...state, status: 'DIALING' };
    case callDialed.type:
      return { ...state, providerSid: event.payload.providerSid };
    case callProgressed.type:
      return { ...state, status: event.payload.status };
    case callEnded.type:
      return { ...state, callId: event.payload.callId, campaignId: event.payload.campaignId, status: event.payload.status };
    case callRecordingAvailable.type:
      return { ...state, recordingSid: event.payload.recordingSid };
    case callRecordingUnavailable.type:
      return { ...state, recordingUnavailable: true };
    default:
      return state; // a deadline's timer changes nothing by itself
  }
}

/**
 * A Call: queued, dialled at most once for real, advanced by the provider's callbacks in any order
 * and any number of times, ended once, recorded once (or, answered, given up on for its recording once).
 */
export const callDecider: Decider<CallCommand, CallEvent, CallState> = {
  initialState: () => ({}),
  decide,
  evolve,
};

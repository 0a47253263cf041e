import {
  type NewEvent,
  type NurseContactUpdated,
  nurseContactUpdated,
  type NursePushSubscriptionRemoved,
  nursePushSubscriptionRemoved,
  type NursePushSubscriptionSet,
  nursePushSubscriptionSet,
  type NurseRegistered,
  nurseRegistered,
  type SealedPushSubscription,
  sealedWith,
  type ShiftEnded,
  shiftEnded,
  type ShiftScheduled,
  shiftScheduled,
  type ShiftStarted,
  shiftStarted,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export class StaffingRuleViolation extends Error {
  override name = 'StaffingRuleViolation';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type NurseEvent =
  | NewEvent<NurseRegistered, typeof nurseRegistered.type>
  | NewEvent<NurseContactUpdated, typeof nurseContactUpdated.type>
  | NewEvent<NursePushSubscriptionSet, typeof nursePushSubscriptionSet.type>
  | NewEvent<NursePushSubscriptionRemoved, typeof nursePushSubscriptionRemoved.type>;
export type NurseCommand =
  | ({ type: 'register'; push?: SealedPushSubscription } & NurseRegistered)
  | ({ type: 'update-contact' } & Omit<NurseContactUpdated, 'nurseId'>)
  | { type: 'set-push-subscription'; subscription: SealedPushSubscription }
  /** `endpoint`: only that subscription (a push service's "gone" is about the one it was sent to, not a newer one). */
  | { type: 'remove-push-subscription'; reason: NursePushSubscriptionRemoved['reason']; endpoint?: string };
export interface NurseState {
  nurse?: NurseRegistered;
  push?: SealedPushSubscription;
}

/** The fields of `update` that differ from `current`; undefined when none does. */
export function changed<T extends object>(current: T, update: Partial<T>): Partial<T> | undefined {
  const diff = Object.fromEntries(Object.entries(update).filter(([key, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(current[key as keyof T])));
  return Object.keys(diff).length ? (diff as Partial<T>) : undefined;
}

function decideNurse(command: NurseCommand, state: NurseState): NurseEvent[] {
  if (command.type === 'register') {
    if (state.nurse) return [];
    const { type: _, push, ...nurse } = command;
    return [nurseRegistered.create(nurse), ...(push ? [nursePushSubscriptionSet.create({ nurseId: nurse.nurseId, subscription: push })] : [])];
  }
  if (!state.nurse) throw new StaffingRuleViolation('no such nurse');
  const nurseId = state.nurse.nurseId;
  switch (command.type) {
    case 'update-contact': {
      const { type: _, ...fields } = command;
      const diff = changed(state.nurse, fields);
      return diff ? [nurseContactUpdated.create({ nurseId, ...diff })] : [];
    }
    case 'set-push-subscription': {
      // Sealed anew (another IV) each time it is sent: the same one has the same endpoint and keys' digest.
      // Sent again after a key rotation (or kept unsealed by a v1 event), it is kept sealed with the new key.
      const { subscription } = command;
      const same = state.push?.endpoint === subscription.endpoint && state.push.keysDigest === subscription.keysDigest;
      if (same && sealedWith(state.push!) === sealedWith(subscription)) return [];
      return [nursePushSubscriptionSet.create({ nurseId, subscription })];
    }
    case 'remove-push-subscription':
      if (!state.push || (command.endpoint !== undefined && command.endpoint !== state.push.endpoint)) return [];
      return [nursePushSubscriptionRemoved.create({ nurseId, endpoint: state.push.endpoint, reason: command.reason })];
  }
}

/**
 * A nurse: registered once (the same registration again changes nothing); contact details and the
 * Web Push subscription set, replaced or removed, each only when something changes.
 */
export const nurseDecider: Decider<NurseCommand, NurseEvent, NurseState> = {
  initialState: () => ({}),
  decide: decideNurse,
  evolve: (state, event) => {
    switch (event.type) {
      case nursePushSubscriptionSet.type:
        return { ...state, push: event.payload.subscription };
      case nursePushSubscriptionRemoved.type:
        return { ...state, push: undefined };
      default:
        return { ...state, nurse: { ...state.nurse!, ...event.payload } };
    }
  },
};

export type ShiftEvent =
  | NewEvent<ShiftScheduled, typeof shiftScheduled.type>
  | NewEvent<ShiftStarted, typeof shiftStarted.type>
  | NewEvent<ShiftEnded, typeof shiftEnded.type>;
export type ShiftCommand = ({ type: 'schedule' } & ShiftScheduled) | { type: 'end' };
export interface ShiftState {
  shift?: ShiftScheduled;
  started: boolean;
  ended: boolean;
}

function decideShift(command: ShiftCommand, state: ShiftState): ShiftEvent[] {
  if (command.type === 'schedule') {
    if (state.shift) return [];
    const { type: _, ...shift } = command;
    if (Date.parse(shift.endsAt) <= Date.parse(shift.startsAt)) throw new StaffingRuleViolation('endsAt must be after startsAt', 'endsAt');
    return [shiftScheduled.create(shift)];
  }
  if (!state.shift) throw new StaffingRuleViolation('no such shift');
  if (state.ended) return [];
  return [shiftEnded.create({ shiftId: state.shift.shiftId, nurseId: state.shift.nurseId, unit: state.shift.unit })];
}

/**
 * A shift: scheduled, started by its timer at `startsAt`, ended by its timer at `endsAt` or early by
 * REST (once: the later of the two changes nothing). `started` is appended by the timer directly.
 */
export const shiftDecider: Decider<ShiftCommand, ShiftEvent, ShiftState> = {
  initialState: () => ({ started: false, ended: false }),
  decide: decideShift,
  evolve: (state, event) => {
    switch (event.type) {
      case shiftScheduled.type:
        return { ...state, shift: event.payload };
      case shiftStarted.type:
        return { ...state, started: true };
      case shiftEnded.type:
        return { ...state, ended: true };
    }
  },
};

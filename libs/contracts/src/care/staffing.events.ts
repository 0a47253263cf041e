import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PushSubscription, SealedPushSubscription, unsealedPushSubscription } from '../notifications/push-subscription.js';
import { defineEvent } from '../registry/event-definition.js';
import type { Upcaster } from '../registry/event-registry.js';
import { CARE_LIMITS } from './care.limits.js';

const E164 = /^\+[1-9]\d{6,14}$/;

export class NurseRegistered {
  @IsString() nurseId: string;
  @IsString() name: string;
  /** The assignment pool the nurse works in (a ward, a unit). */
  @IsString() unit: string;
  @Matches(E164) phone: string;
  @IsOptional() @IsEmail() email?: string;
}

/** What changed of how to reach the nurse (absent fields are unchanged). */
export class NurseContactUpdated {
  @IsString() nurseId: string;
  @IsOptional() @Matches(E164) phone?: string;
  @IsOptional() @IsEmail() email?: string;
}

/** The nurse's Web Push subscription, set or replaced: alerts go there first. Its keys are sealed (by the gateway). */
export class NursePushSubscriptionSet {
  @IsString() nurseId: string;
  @IsDefined() @ValidateNested() @Type(() => SealedPushSubscription) subscription: SealedPushSubscription;
}

/** v1: the subscription with its keys in the clear. */
export class NursePushSubscriptionSetV1 {
  @IsString() nurseId: string;
  @IsDefined() @ValidateNested() @Type(() => PushSubscription) subscription: PushSubscription;
}

/** Removed by REST (`removed`), or because the push service answered that it is gone (`gone`: 404/410). */
export class NursePushSubscriptionRemoved {
  @IsString() nurseId: string;
  @IsString() endpoint: string;
  @IsIn(['removed', 'gone']) reason: 'removed' | 'gone';
}

export class ShiftScheduled {
  @IsString() shiftId: string;
  @IsString() nurseId: string;
  @IsString() unit: string;
  @IsISO8601() startsAt: string;
  @IsISO8601() endsAt: string;
  /** The most open tasks the nurse holds at once during the shift. */
  @IsInt() @Min(1) @Max(CARE_LIMITS.capacity) capacity: number;
}

/** Appended by the shift's timer at its start: the pool may have waiting tasks to hand out. */
export class ShiftStarted {
  @IsString() shiftId: string;
  @IsString() unit: string;
}

/** At its end (timer) or ended early (REST): the nurse's open tasks go back to the pool. */
export class ShiftEnded {
  @IsString() shiftId: string;
  @IsString() nurseId: string;
  @IsString() unit: string;
}

export const nurseRegistered = defineEvent({ domain: 'tasks', aggregate: 'nurse', event: 'registered', version: 1, payload: NurseRegistered });
export const nurseContactUpdated = defineEvent({ domain: 'tasks', aggregate: 'nurse', event: 'contact-updated', version: 1, payload: NurseContactUpdated });
export const nursePushSubscriptionSetV1 = defineEvent({ domain: 'tasks', aggregate: 'nurse', event: 'push-subscription-set', version: 1, payload: NursePushSubscriptionSetV1 });
export const nursePushSubscriptionSet = defineEvent({ domain: 'tasks', aggregate: 'nurse', event: 'push-subscription-set', version: 2, payload: NursePushSubscriptionSet });
export const nursePushSubscriptionRemoved = defineEvent({ domain: 'tasks', aggregate: 'nurse', event: 'push-subscription-removed', version: 1, payload: NursePushSubscriptionRemoved });
export const shiftScheduled = defineEvent({ domain: 'tasks', aggregate: 'shift', event: 'scheduled', version: 1, payload: ShiftScheduled });
export const shiftStarted = defineEvent({ domain: 'tasks', aggregate: 'shift', event: 'started', version: 1, payload: ShiftStarted });
export const shiftEnded = defineEvent({ domain: 'tasks', aggregate: 'shift', event: 'ended', version: 1, payload: ShiftEnded });

export const staffingEvents = [nurseRegistered, nurseContactUpdated, nursePushSubscriptionSetV1, nursePushSubscriptionSet, nursePushSubscriptionRemoved, shiftScheduled, shiftStarted, shiftEnded];

/** v1 -> v2 of `push-subscription-set`: a subscription stored in the clear keeps working (`unsealedPushSubscription`). */
const pushSubscriptionSetV1ToV2: Upcaster = (payload) => {
  const subscription = payload.subscription as PushSubscription | undefined;
  return subscription?.keys ? { ...payload, subscription: unsealedPushSubscription(subscription) } : payload;
};

export const staffingUpcasters: [type: string, fromVersion: number, upcaster: Upcaster][] = [[nursePushSubscriptionSet.type, 1, pushSubscriptionSetV1ToV2]];

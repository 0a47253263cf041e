import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Min } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

const E164 = /^\+[1-9]\d{6,14}$/;

export const FINAL_CALL_STATUSES = ['COMPLETED', 'BUSY', 'NO_ANSWER', 'FAILED', 'CANCELED'] as const;
export type FinalCallStatus = (typeof FINAL_CALL_STATUSES)[number];

export class CallQueued {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @Matches(E164, { message: 'phone must be an E.164 number such as +15551234567' }) phone: string;
  @IsOptional() @IsString() contactName?: string;
}

/** Written before the provider is asked: after a crash, the dialer reconciles before dialling again. */
export class CallDialRequested {
  @IsString() callId: string;
  @IsString() campaignId: string;
}

export class CallDialed {
  @IsString() callId: string;
  @IsString() providerSid: string;
}

export class CallProgressed {
  @IsString() callId: string;
  @IsIn(['RINGING', 'IN_PROGRESS']) status: 'RINGING' | 'IN_PROGRESS';
}

export class CallEnded {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsIn(FINAL_CALL_STATUSES) status: FinalCallStatus;
  @IsOptional() @IsInt() @Min(0) durationSeconds?: number;
  @IsOptional() @IsString() reason?: string;
}

export class CallRecordingAvailable {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsString() recordingSid: string;
  @IsUrl({ require_tld: false }) recordingUrl: string;
  @IsInt() @Min(0) durationSeconds: number;
}

/** Fired by a timer when no final callback came in time: the call's status is fetched from the provider. */
export class CallReconcileDue {
  @IsString() callId: string;
}

/** Fired by a timer some time after an answered call ended: its recording is looked for at the provider if it has not come. */
export class CallRecordingDue {
  @IsString() callId: string;
  /** How many times the recording has been looked for before (a recording still processing is looked for again). */
  @IsInt() @Min(0) checks: number;
}

/** The answered call's recording will not come (none was made, it was empty, or it never finished): the call's outcome. */
export class CallRecordingUnavailable {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsString() reason: string;
}

export const callQueued = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'queued', version: 1, payload: CallQueued });
export const callDialRequested = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'dial-requested', version: 1, payload: CallDialRequested });
export const callDialed = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'dialed', version: 1, payload: CallDialed });
export const callProgressed = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'progressed', version: 1, payload: CallProgressed });
export const callEnded = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'ended', version: 1, payload: CallEnded });
export const callRecordingAvailable = defineEvent({
  domain: 'telephony',
  aggregate: 'call',
  event: 'recording-available',
  version: 1,
  payload: CallRecordingAvailable,
});

export const callReconcileDue = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'reconcile-due', version: 1, payload: CallReconcileDue });

export const callRecordingDue = defineEvent({ domain: 'telephony', aggregate: 'call', event: 'recording-due', version: 1, payload: CallRecordingDue });
export const callRecordingUnavailable = defineEvent({
  domain: 'telephony',
  aggregate: 'call',
  event: 'recording-unavailable',
  version: 1,
  payload: CallRecordingUnavailable,
});

/** A Call's events, all registered in the shared registry. */
export const callEvents = [
  callQueued,
  callDialRequested,
  callDialed,
  callProgressed,
  callEnded,
  callRecordingAvailable,
  callReconcileDue,
  callRecordingDue,
  callRecordingUnavailable,
];

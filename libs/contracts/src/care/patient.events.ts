import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';
import { SEVERITIES, type Severity } from './care.limits.js';

const E164 = /^\+[1-9]\d{6,14}$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export const PATIENT_CHANNELS = ['sms', 'whatsapp', 'voice', 'email'] as const;
export type PatientChannel = (typeof PATIENT_CHANNELS)[number];

/** Local times (HH:MM, the patient's timezone) between which the patient is not messaged; may wrap midnight. */
export class QuietHours {
  @Matches(CLOCK) start: string;
  @Matches(CLOCK) end: string;
}

export class PatientRegistered {
  @IsString() patientId: string;
  @IsString() name: string;
  @Matches(E164) phone: string;
  @IsOptional() @IsEmail() email?: string;
  /** IANA zone, e.g. America/New_York. */
  @IsString() timezone: string;
  @IsIn(PATIENT_CHANNELS) preferredChannel: PatientChannel;
  @IsOptional() @ValidateNested() @Type(() => QuietHours) quietHours?: QuietHours;
  /** The nurses' pool that takes this patient's tasks. */
  @IsString() unit: string;
}

/** What changed of how and when to reach the patient (absent fields are unchanged). */
export class PatientContactUpdated {
  @IsString() patientId: string;
  @IsOptional() @Matches(E164) phone?: string;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsString() timezone?: string;
  @IsOptional() @IsIn(PATIENT_CHANNELS) preferredChannel?: PatientChannel;
  @IsOptional() @ValidateNested() @Type(() => QuietHours) quietHours?: QuietHours;
}

/** STOP (and its synonyms) from the patient: never messaged again until START. */
export class PatientOptedOut {
  @IsString() patientId: string;
  @IsString() keyword: string;
}

export class PatientOptedIn {
  @IsString() patientId: string;
  @IsString() keyword: string;
}

export class EpisodeAdmitted {
  @IsString() episodeId: string;
  @IsString() patientId: string;
  @IsISO8601() admittedAt: string;
}

/** Starts the check-in: its first attempt is due `CARE_CHECK_IN_DELAY_MS` later (durable timer). */
export class EpisodeDischarged {
  @IsString() episodeId: string;
  @IsString() patientId: string;
  @IsString() checkInId: string;
  @IsISO8601() dischargedAt: string;
}

/** Appended by the check-in's timer: attempt N is due (1, 2: the preferred channel; 3: a call; 4: nobody answered). */
export class CheckInAttemptDue {
  @IsString() checkInId: string;
  @IsString() episodeId: string;
  @IsString() patientId: string;
  @IsInt() @Min(1) attempt: number;
}

export class CheckInAttemptSent {
  @IsString() checkInId: string;
  @IsInt() @Min(1) attempt: number;
  @IsIn(PATIENT_CHANNELS) channel: PatientChannel;
  @IsString() notificationId: string;
}

/** Quiet hours: the attempt waits (its timer moved) until they end. */
export class CheckInAttemptDeferred {
  @IsString() checkInId: string;
  @IsInt() @Min(1) attempt: number;
  @IsISO8601() until: string;
}

/** The check-in ends without a reply: nobody answered, or the patient may not be messaged. A nurse task follows. */
export class CheckInClosedUnanswered {
  @IsString() checkInId: string;
  @IsString() patientId: string;
  /** `no-response`, `opted-out`. */
  @IsString() reason: string;
  @IsString() taskId: string;
}

export class CheckInReplied {
  @IsString() checkInId: string;
  @IsString() interactionId: string;
}

/** A patient's message, triaged: the model's verdict raised (never lowered) by the red-flag rules. */
export class InteractionTriaged {
  @IsString() interactionId: string;
  @IsString() patientId: string;
  @IsOptional() @IsString() checkInId?: string;
  @IsIn(['sms', 'whatsapp']) channel: 'sms' | 'whatsapp';
  @IsIn(SEVERITIES) severity: Severity;
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) reasonCodes: string[];
  @IsString() summary: string;
  /** `llm`, `llm+rules` (rules raised it), `rules` (the model was unavailable). */
  @IsString() triagedBy: string;
}

/** MODERATE or worse: a nurse task follows, with the SLA of its severity. */
export class InteractionEscalated {
  @IsString() interactionId: string;
  @IsString() patientId: string;
  @IsIn(SEVERITIES) severity: Severity;
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) reasonCodes: string[];
  @IsString() taskId: string;
}

const tasks = { domain: 'tasks', version: 1 } as const;
export const patientRegistered = defineEvent({ ...tasks, aggregate: 'patient', event: 'registered', payload: PatientRegistered });
export const patientContactUpdated = defineEvent({ ...tasks, aggregate: 'patient', event: 'contact-updated', payload: PatientContactUpdated });
export const patientOptedOut = defineEvent({ ...tasks, aggregate: 'patient', event: 'opted-out', payload: PatientOptedOut });
export const patientOptedIn = defineEvent({ ...tasks, aggregate: 'patient', event: 'opted-in', payload: PatientOptedIn });
export const episodeAdmitted = defineEvent({ ...tasks, aggregate: 'episode', event: 'admitted', payload: EpisodeAdmitted });
export const episodeDischarged = defineEvent({ ...tasks, aggregate: 'episode', event: 'discharged', payload: EpisodeDischarged });
export const checkInAttemptDue = defineEvent({ ...tasks, aggregate: 'check-in', event: 'attempt-due', payload: CheckInAttemptDue });
export const checkInAttemptSent = defineEvent({ ...tasks, aggregate: 'check-in', event: 'attempt-sent', payload: CheckInAttemptSent });
export const checkInAttemptDeferred = defineEvent({ ...tasks, aggregate: 'check-in', event: 'attempt-deferred', payload: CheckInAttemptDeferred });
export const checkInClosedUnanswered = defineEvent({ ...tasks, aggregate: 'check-in', event: 'closed-unanswered', payload: CheckInClosedUnanswered });
export const checkInReplied = defineEvent({ ...tasks, aggregate: 'check-in', event: 'replied', payload: CheckInReplied });
export const interactionTriaged = defineEvent({ ...tasks, aggregate: 'interaction', event: 'triaged', payload: InteractionTriaged });
export const interactionEscalated = defineEvent({ ...tasks, aggregate: 'interaction', event: 'escalated', payload: InteractionEscalated });

export const patientEvents = [
  patientRegistered,
  patientContactUpdated,
  patientOptedOut,
  patientOptedIn,
  episodeAdmitted,
  episodeDischarged,
  checkInAttemptDue,
  checkInAttemptSent,
  checkInAttemptDeferred,
  checkInClosedUnanswered,
  checkInReplied,
  interactionTriaged,
  interactionEscalated,
];

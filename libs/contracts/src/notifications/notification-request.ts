import { createHash } from 'node:crypto';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDefined, IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PushSubscription, SealedPushSubscription } from './push-subscription.js';

/**
 * How any service asks telephony (which owns notifications and every messaging provider) to tell
 * somebody something: the command `NOTIFICATION_REQUEST_COMMAND` with a `NotificationRequest`.
 *
 * The requester derives `notificationId` from what caused it (e.g. a UUID v5 of the cause event's
 * id and the purpose), so a handler that asks again after a crash or a redelivery names the same
 * notification: telephony records a notification once, and sends it at most once per channel.
 * The requester may ask before its own transaction commits: an ask repeated after a rollback is
 * the same ask.
 */
export const NOTIFICATION_REQUEST_COMMAND = 'telephony.notification.request';

export const NOTIFICATION_CHANNELS = ['sms', 'whatsapp', 'voice', 'email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_LIMITS = { subject: 200, body: 1_600, id: 100 } as const;

const E164 = /^\+[1-9]\d{6,14}$/;

/** Who is told, and where they can be reached; each channel needs its own address. */
abstract class RecipientAddresses {
  /** What the requester calls them, for the notification log (`patient`, `nurse`, `owner`, ...). */
  @IsString() @MaxLength(NOTIFICATION_LIMITS.id) kind: string;
  @IsString() @MaxLength(NOTIFICATION_LIMITS.id) id: string;
  @IsOptional() @Matches(E164) phone?: string;
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
}

export class NotificationRecipient extends RecipientAddresses {
  /** Its keys sealed: telephony opens them only to send. */
  @IsOptional() @ValidateNested() @Type(() => SealedPushSubscription) push?: SealedPushSubscription;
}

/** A recipient as v1 of `telephony.notification.requested` stored it: the push subscription's keys in the clear. */
export class NotificationRecipientV1 extends RecipientAddresses {
  @IsOptional() @ValidateNested() @Type(() => PushSubscription) push?: PushSubscription;
}

/** The address each channel needs of a recipient. */
const ADDRESS_OF: Record<NotificationChannel, keyof Pick<NotificationRecipient, 'phone' | 'email' | 'push'>> = {
  sms: 'phone',
  whatsapp: 'phone',
  voice: 'phone',
  email: 'email',
  push: 'push',
};

/**
 * The channels of `preference`, in its order, that `recipient` has an address for: a nurse without
 * a push subscription is not asked for by push first only to fall back at once.
 */
export const reachableChannels = (preference: readonly NotificationChannel[], recipient: Pick<NotificationRecipient, 'phone' | 'email' | 'push'>): NotificationChannel[] =>
  preference.filter((channel) => recipient[ADDRESS_OF[channel]] !== undefined && recipient[ADDRESS_OF[channel]] !== null);

/** What the notification is about, so the log answers "what did we send about task X". */
export class NotificationSubjectRef {
  @IsString() @MaxLength(NOTIFICATION_LIMITS.id) kind: string;
  @IsString() @MaxLength(NOTIFICATION_LIMITS.id) id: string;
}

/** Everything of a request but its recipient, whose shape changed (v1 kept push keys in the clear). */
abstract class NotificationAsk {
  @IsUUID() notificationId: string;
  /** In order of preference: a channel that fails falls back to the next. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(NOTIFICATION_CHANNELS.length) @IsIn(NOTIFICATION_CHANNELS, { each: true }) channels: NotificationChannel[];
  @IsDefined() @ValidateNested() @Type(() => NotificationSubjectRef) about: NotificationSubjectRef;
  /** Email subject line (other channels ignore it). */
  @IsOptional() @IsString() @MaxLength(NOTIFICATION_LIMITS.subject) subject?: string;
  @IsString() @MaxLength(NOTIFICATION_LIMITS.body) body: string;
  /** Urgent notifications (nurse alerts) ignore the recipient's quiet hours. */
  @IsOptional() @IsBoolean() urgent?: boolean;
  /** The workflow run it belongs to (a task id, a meeting id): every event it causes carries it. */
  @IsString() @MaxLength(NOTIFICATION_LIMITS.id) correlationId: string;
}

export class NotificationRequest extends NotificationAsk {
  @IsDefined() @ValidateNested() @Type(() => NotificationRecipient) recipient: NotificationRecipient;
}

/** A request as v1 of `telephony.notification.requested` stored it. */
export class NotificationRequestV1 extends NotificationAsk {
  @IsDefined() @ValidateNested() @Type(() => NotificationRecipientV1) recipient: NotificationRecipientV1;
}

/** Telephony's answer: the notification is on record (new or already known) and will be sent. */
export interface NotificationAccepted {
  notificationId: string;
  status: string;
}

/**
 * A UUID (version 5 layout) derived from what caused a notification and what it is for: asking
 * again after a crash or a redelivery names the same notification.
 */
export function notificationIdFor(causeId: string, purpose: string): string {
  return stableUuid('notification', causeId, purpose);
}

/** A UUID (version 5 layout) that is always the same for the same parts: ids derived from a cause. */
export function stableUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(`switchboard:${parts.join(':')}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

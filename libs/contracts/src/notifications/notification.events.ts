import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';
import type { Upcaster } from '../registry/event-registry.js';
import { NOTIFICATION_CHANNELS, type NotificationChannel, NotificationRequest, NotificationRequestV1 } from './notification-request.js';
import { type PushSubscription, unsealedPushSubscription } from './push-subscription.js';

/** Who a notification was for, as the requester named them. */
export class NotificationRecipientRef {
  @IsString() kind: string;
  @IsString() id: string;
}

/** Where a notification stands in the log. */
export const NOTIFICATION_STATUSES = ['PENDING', 'SENT', 'DELIVERED', 'READ', 'UNDELIVERED', 'FAILED', 'CANCELLED'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** On record once per notificationId, with what was asked (the log's who, what and about what). */
export class NotificationRequested {
  @IsDefined() @ValidateNested() @Type(() => NotificationRequest) request: NotificationRequest;
}

/** v1: the recipient's push subscription with its keys in the clear. */
export class NotificationRequestedV1 {
  @IsDefined() @ValidateNested() @Type(() => NotificationRequestV1) request: NotificationRequestV1;
}

/** The intent to send on one channel, on record before the provider is asked (the log's PENDING). */
export class NotificationSendRequested {
  @IsString() notificationId: string;
  @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  /** 1 for the first channel, 2 for the first fallback, ... */
  @IsInt() @Min(1) attempt: number;
}

export class NotificationSent {
  @IsString() notificationId: string;
  @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  /** Twilio's message or call SID, the SMTP message id, the push service's location. */
  @IsString() providerId: string;
}

/** What the provider reported afterwards (status callbacks, or a look at the provider). */
export class NotificationStatusChanged {
  @IsString() notificationId: string;
  @IsIn(['DELIVERED', 'READ', 'UNDELIVERED', 'FAILED']) status: 'DELIVERED' | 'READ' | 'UNDELIVERED' | 'FAILED';
  @IsOptional() @IsString() errorCode?: string;
}

/** One channel gave up: the next one, if any, is asked for in the same decision. */
export class NotificationChannelFailed {
  @IsString() notificationId: string;
  @IsIn(NOTIFICATION_CHANNELS) channel: NotificationChannel;
  @IsString() reason: string;
}

/** Every channel failed. */
export class NotificationFailed {
  @IsString() notificationId: string;
  @IsString() reason: string;
}

/** Fired by a timer some time after a send: a send whose final status has not come is looked up at the provider. */
export class NotificationReconcileDue {
  @IsString() notificationId: string;
  @IsInt() @Min(1) attempt: number;
  /** Looks at the provider so far (the timer is set again while the status is not final, a few times). */
  @IsInt() @Min(0) checks: number;
}

/**
 * The push service answered that the subscription is gone (404/410, RFC 8030 §7.3): beside the
 * channel's failure, so whoever keeps the recipient's subscription drops it (Web Push practice).
 */
export class NotificationPushSubscriptionGone {
  @IsString() notificationId: string;
  @IsDefined() @ValidateNested() @Type(() => NotificationRecipientRef) recipient: NotificationRecipientRef;
  @IsString() endpoint: string;
}

export class NotificationCancelled {
  @IsString() notificationId: string;
  @IsOptional() @IsString() reason?: string;
}

export const notificationRequestedV1 = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'requested', version: 1, payload: NotificationRequestedV1 });
export const notificationRequested = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'requested', version: 2, payload: NotificationRequested });
export const notificationSendRequested = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'send-requested', version: 1, payload: NotificationSendRequested });
export const notificationSent = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'sent', version: 1, payload: NotificationSent });
export const notificationStatusChanged = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'status-changed', version: 1, payload: NotificationStatusChanged });
export const notificationChannelFailed = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'channel-failed', version: 1, payload: NotificationChannelFailed });
export const notificationFailed = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'failed', version: 1, payload: NotificationFailed });
export const notificationReconcileDue = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'reconcile-due', version: 1, payload: NotificationReconcileDue });
export const notificationPushSubscriptionGone = defineEvent({
  domain: 'telephony',
  aggregate: 'notification',
  event: 'push-subscription-gone',
  version: 1,
  payload: NotificationPushSubscriptionGone,
});
export const notificationCancelled = defineEvent({ domain: 'telephony', aggregate: 'notification', event: 'cancelled', version: 1, payload: NotificationCancelled });

export const notificationEvents = [
  notificationRequestedV1,
  notificationRequested,
  notificationSendRequested,
  notificationSent,
  notificationStatusChanged,
  notificationChannelFailed,
  notificationFailed,
  notificationCancelled,
  notificationReconcileDue,
  notificationPushSubscriptionGone,
];

/** v1 -> v2 of `requested`: a push subscription stored in the clear keeps working (`unsealedPushSubscription`). */
const requestedV1ToV2: Upcaster = (payload) => {
  const request = payload.request as { recipient?: { push?: PushSubscription } } | undefined;
  const push = request?.recipient?.push;
  if (!push?.keys) return payload;
  return { ...payload, request: { ...request, recipient: { ...request!.recipient, push: unsealedPushSubscription(push) } } };
};

export const notificationUpcasters: [type: string, fromVersion: number, upcaster: Upcaster][] = [[notificationRequested.type, 1, requestedV1ToV2]];

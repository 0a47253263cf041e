import {
  type NewEvent,
  type NotificationCancelled,
  notificationCancelled,
  type NotificationChannel,
  type NotificationChannelFailed,
  notificationChannelFailed,
  type NotificationFailed,
  notificationFailed,
  type NotificationPushSubscriptionGone,
  notificationPushSubscriptionGone,
  type NotificationRequest,
  type NotificationRequested,
  notificationRequested,
  type NotificationSendRequested,
  notificationSendRequested,
  type NotificationSent,
  notificationSent,
  type NotificationStatus,
  type NotificationStatusChanged,
  notificationStatusChanged,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type NotificationEvent =
  | NewEvent<NotificationRequested, typeof notificationRequested.type>
  | NewEvent<NotificationSendRequested, typeof notificationSendRequested.type>
  | NewEvent<NotificationSent, typeof notificationSent.type>
  | NewEvent<NotificationStatusChanged, typeof notificationStatusChanged.type>
  | NewEvent<NotificationChannelFailed, typeof notificationChannelFailed.type>
  | NewEvent<NotificationFailed, typeof notificationFailed.type>
  | NewEvent<NotificationCancelled, typeof notificationCancelled.type>
  | NewEvent<NotificationPushSubscriptionGone, typeof notificationPushSubscriptionGone.type>;

export type NotificationCommand =
  | { type: 'request'; request: NotificationRequest }
  | { type: 'record-sent'; channel: NotificationChannel; providerId: string }
  | { type: 'apply-provider-status'; providerId: string; providerStatus: string; errorCode?: string }
  /** `subscriptionGone`: the push service no longer knows the recipient's subscription (404/410). */
  | { type: 'fail-channel'; channel: NotificationChannel; reason: string; subscriptionGone?: boolean }
  | { type: 'cancel'; reason?: string };

export interface NotificationState {
  request?: NotificationRequest;
  status?: NotificationStatus;
  /** The channel being tried now, and its place in the request's list (1-based). */
  channel?: NotificationChannel;
  attempt: number;
  providerId?: string;
}

const FINAL: NotificationStatus[] = ['DELIVERED', 'READ', 'FAILED', 'UNDELIVERED', 'CANCELLED'];
/** Later statuses win; a callback that would move the notification backwards is stale. */
const RANK: Record<NotificationStatus, number> = { PENDING: 0, SENT: 1, DELIVERED: 2, UNDELIVERED: 2, FAILED: 2, READ: 3, CANCELLED: 4 };

/** Twilio's MessageStatus / CallStatus as our log's status; the rest (queued, sending, ...) says nothing new. */
const PROVIDER_STATUS: Record<string, 'DELIVERED' | 'READ' | 'UNDELIVERED' | 'FAILED' | undefined> = {
  delivered: 'DELIVERED',
  read: 'READ',
  undelivered: 'UNDELIVERED',
  failed: 'FAILED',
  // A voice notification: an answered call was heard; one nobody answered did not reach them.
  completed: 'DELIVERED',
  busy: 'UNDELIVERED',
  'no-answer': 'UNDELIVERED',
  canceled: 'FAILED',
};

export class NotificationRuleViolation extends Error {
  override name = 'NotificationRuleViolation';
}

/** The channel failed: the next one is asked for, or the notification has failed. */
function fallBack(state: NotificationState, channel: NotificationChannel, reason: string): NotificationEvent[] {
  const notificationId = state.request!.notificationId;
  const next = state.request!.channels[state.attempt];
  return [
    notificationChannelFailed.create({ notificationId, channel, reason }),
    next
      ? notificationSendRequested.create({ notificationId, channel: next, attempt: state.attempt + 1 })
      : notificationFailed.create({ notificationId, reason: `every channel failed; last: ${reason}` }),
  ];
}

function decide(command: NotificationCommand, state: NotificationState): NotificationEvent[] {
  if (command.type === 'request') {
    if (state.request) return []; // the same ask again (a redelivery, a retry after a timeout)
    const { request } = command;
    return [
      notificationRequested.create({ request }),
      notificationSendRequested.create({ notificationId: request.notificationId, channel: request.channels[0], attempt: 1 }),
    ];
  }
  if (!state.request) throw new NotificationRuleViolation('no such notification');
  const notificationId = state.request.notificationId;
  const done = state.status !== undefined && FINAL.includes(state.status);
  switch (command.type) {
    case 'record-sent':
      if (command.channel !== state.channel || state.providerId === command.providerId) return [];
      if (state.providerId) throw new NotificationRuleViolation(`notification ${notificationId} was sent as ${state.providerId}, not ${command.providerId}`);
      if (done) return [];
      return [notificationSent.create({ notificationId, channel: command.channel, providerId: command.providerId })];
    case 'apply-provider-status': {
      const next = PROVIDER_STATUS[command.providerStatus];
      // Delivered may still become read (WhatsApp); nothing else moves a final status.
      const closed = done && !(state.status === 'DELIVERED' && next === 'READ');
      if (!next || command.providerId !== state.providerId || closed || RANK[next] <= RANK[state.status!]) return [];
      const changed = notificationStatusChanged.create({ notificationId, status: next, errorCode: command.errorCode });
      if (next === 'DELIVERED' || next === 'READ') return [changed];
      // An undelivered message falls back to the next channel; the log keeps what became of this one.
      return [changed, ...fallBack(state, state.channel!, `${state.channel} ${next.toLowerCase()}${command.errorCode ? ` (${command.errorCode})` : ''}`)];
    }
    case 'fail-channel': {
      if (done || command.channel !== state.channel || state.providerId) return [];
      const { recipient } = state.request;
      // Said beside the failure, so whoever keeps the subscription drops it (Web Push practice).
      const gone =
        command.subscriptionGone && command.channel === 'push' && recipient.push
          ? [notificationPushSubscriptionGone.create({ notificationId, recipient: { kind: recipient.kind, id: recipient.id }, endpoint: recipient.push.endpoint })]
          : [];
      return [...gone, ...fallBack(state, command.channel, command.reason)];
    }
    case 'cancel':
      if (done || state.providerId) return [];
      return [notificationCancelled.create({ notificationId, reason: command.reason })];
  }
}

function evolve(state: NotificationState, event: NotificationEvent): NotificationState {
  switch (event.type) {
    case notificationRequested.type:
      return { ...state, request: event.payload.request, status: 'PENDING' };
    case notificationSendRequested.type:
      return { ...state, status: 'PENDING', channel: event.payload.channel, attempt: event.payload.attempt, providerId: undefined };
    case notificationSent.type:
      return { ...state, status: 'SENT', providerId: event.payload.providerId };
    case notificationStatusChanged.type:
      return { ...state, status: event.payload.status };
    case notificationFailed.type:
      return { ...state, status: 'FAILED' };
    case notificationCancelled.type:
      return { ...state, status: 'CANCELLED' };
    default:
      return state;
  }
}

/**
 * A Notification: asked for once, sent at most once per channel (the intent, `send-requested`, is
 * on record before the provider hears of it), advanced by the provider's callbacks in any order and
 * any number of times, falling back channel by channel until one delivers or none is left.
 */
export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState> = {
  initialState: () => ({ attempt: 0 }),
  decide,
  evolve,
};

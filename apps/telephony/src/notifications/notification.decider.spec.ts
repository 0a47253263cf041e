import {
  notificationChannelFailed,
  notificationFailed,
  notificationPushSubscriptionGone,
  type NotificationRequest,
  notificationRequested,
  notificationSendRequested,
  notificationSent,
  notificationStatusChanged,
} from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { notificationDecider, NotificationRuleViolation } from './notification.decider.js';

const notificationId = '6f1c8a52-0d0e-5a7b-9a3c-1b2c3d4e5f60';
const request: NotificationRequest = {
  notificationId,
  channels: ['sms', 'voice'],
  recipient: { kind: 'nurse', id: 'n-1', phone: '+15550001111' },
  about: { kind: 'task', id: 't-1' },
  body: 'Task t-1 assigned to you',
  urgent: true,
  correlationId: 't-1',
};
const requested = notificationRequested.create({ request });
const smsIntent = notificationSendRequested.create({ notificationId, channel: 'sms', attempt: 1 });
const smsSent = notificationSent.create({ notificationId, channel: 'sms', providerId: 'SM1' });
const spec = DeciderSpecification.for(notificationDecider);

describe('Notification decider', () => {
  it('records the ask and the intent to send on the first channel, once', () => {
    spec.given([]).when({ type: 'request', request }).then([requested, smsIntent]);
    spec.given([requested, smsIntent]).when({ type: 'request', request }).then([]);
  });

  it('records the provider id once; another id for the same send is refused', () => {
    spec.given([requested, smsIntent]).when({ type: 'record-sent', channel: 'sms', providerId: 'SM1' }).then([smsSent]);
    spec.given([requested, smsIntent, smsSent]).when({ type: 'record-sent', channel: 'sms', providerId: 'SM1' }).then([]);
    spec.given([requested, smsIntent, smsSent]).when({ type: 'record-sent', channel: 'sms', providerId: 'SM2' }).thenThrows(NotificationRuleViolation);
  });

  it('takes delivered, then read; stale, duplicate and foreign statuses change nothing', () => {
    const delivered = notificationStatusChanged.create({ notificationId, status: 'DELIVERED', errorCode: undefined });
    spec.given([requested, smsIntent, smsSent]).when({ type: 'apply-provider-status', providerId: 'SM1', providerStatus: 'delivered' }).then([delivered]);
    spec.given([requested, smsIntent, smsSent, delivered]).when({ type: 'apply-provider-status', providerId: 'SM1', providerStatus: 'delivered' }).then([]);
    spec.given([requested, smsIntent, smsSent, delivered]).when({ type: 'apply-provider-status', providerId: 'SM1', providerStatus: 'sent' }).then([]);
    spec.given([requested, smsIntent, smsSent]).when({ type: 'apply-provider-status', providerId: 'SM9', providerStatus: 'delivered' }).then([]);
    spec
      .given([requested, smsIntent, smsSent, delivered])
      .when({ type: 'apply-provider-status', providerId: 'SM1', providerStatus: 'read' })
      .then([notificationStatusChanged.create({ notificationId, status: 'READ', errorCode: undefined })]);
  });

  it('falls back to the next channel when the message is undelivered, and fails when none is left', () => {
    spec
      .given([requested, smsIntent, smsSent])
      .when({ type: 'apply-provider-status', providerId: 'SM1', providerStatus: 'undelivered', errorCode: '30003' })
      .then([
        notificationStatusChanged.create({ notificationId, status: 'UNDELIVERED', errorCode: '30003' }),
        notificationChannelFailed.create({ notificationId, channel: 'sms', reason: 'sms undelivered (30003)' }),
        notificationSendRequested.create({ notificationId, channel: 'voice', attempt: 2 }),
      ]);
    const voiceIntent = notificationSendRequested.create({ notificationId, channel: 'voice', attempt: 2 });
    const smsFailed = notificationChannelFailed.create({ notificationId, channel: 'sms', reason: 'no phone' });
    spec
      .given([requested, smsIntent, smsFailed, voiceIntent])
      .when({ type: 'fail-channel', channel: 'voice', reason: 'refused' })
      .then([
        notificationChannelFailed.create({ notificationId, channel: 'voice', reason: 'refused' }),
        notificationFailed.create({ notificationId, reason: 'every channel failed; last: refused' }),
      ]);
  });

  it('does not fail a channel that was sent, nor one no longer tried', () => {
    spec.given([requested, smsIntent, smsSent]).when({ type: 'fail-channel', channel: 'sms', reason: 'timeout' }).then([]);
    spec.given([requested, smsIntent]).when({ type: 'fail-channel', channel: 'voice', reason: 'x' }).then([]);
  });

  it('says a push subscription is gone beside falling back, so its keeper drops it', () => {
    const push = { endpoint: 'https://push.example/sub/1', sealedKeys: 'k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.sealed', keysDigest: 'd'.repeat(43) };
    const toPush = { ...request, channels: ['push', 'sms'] as NotificationRequest['channels'], recipient: { ...request.recipient, push } };
    const given = [notificationRequested.create({ request: toPush }), notificationSendRequested.create({ notificationId, channel: 'push', attempt: 1 })];
    const fellBack = (reason: string) => [notificationChannelFailed.create({ notificationId, channel: 'push', reason }), notificationSendRequested.create({ notificationId, channel: 'sms', attempt: 2 })];
    spec
      .given(given)
      .when({ type: 'fail-channel', channel: 'push', reason: 'push service answered 410', subscriptionGone: true })
      .then([
        notificationPushSubscriptionGone.create({ notificationId, recipient: { kind: 'nurse', id: 'n-1' }, endpoint: push.endpoint }),
        ...fellBack('push service answered 410'),
      ]);
    // Any other failure (a 400, retries exhausted) says nothing of the subscription.
    spec.given(given).when({ type: 'fail-channel', channel: 'push', reason: 'push service answered 400' }).then(fellBack('push service answered 400'));
  });
});

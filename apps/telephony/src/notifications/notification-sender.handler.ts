import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type NotificationRequest, type NotificationSendRequested, notificationSendRequested } from '@switchboard/contracts';
import { NonRetriableError } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { EmailPort, PushPort, PushSubscriptionGoneError, TelephonyPort } from '@switchboard/providers';
import type pg from 'pg';
import { TelephonyConfig } from '../telephony.config.js';
import { notificationCallbackUrl } from './notification-urls.js';
import { Notifications } from './notifications.js';
import { earlierSend, type ListedSend, SEND_RETRY, sentText } from './send-policy.js';

/**
 * Sends a notification on the channel its intent names, once. Every delivery may follow an attempt
 * that reached the provider and died before recording it, so each first looks at the provider for
 * that message (or call) and adopts it; only if there is none does it send. What no retry can fix
 * (no address for the channel, a refused number, retries exhausted) fails the channel, and the
 * decider falls back to the next one.
 */
@Controller()
export class NotificationSenderHandler {
  constructor(
    private readonly notifications: Notifications,
    private readonly telephony: TelephonyPort,
    private readonly email: EmailPort,
    private readonly push: PushPort,
    private readonly config: TelephonyConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(notificationSendRequested, { durable: 'telephony-notification-sender', ordered: false, concurrency: 16, retry: SEND_RETRY })
  async send(@Payload() event: EventEnvelope<NotificationSendRequested>, @Ctx() context: EventContext): Promise<void> {
    const { notificationId, channel, attempt } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.notifications.load(notificationId, context.tx);
    if (state.attempt !== attempt || state.providerId || state.status !== 'PENDING') return;
    try {
      const providerId = await this.deliver(state.request!, channel, attempt, new Date(event.occurredAt), context.tx);
      await this.notifications.execute(notificationId, { type: 'record-sent', channel, providerId }, options);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      const subscriptionGone = error instanceof PushSubscriptionGoneError;
      await this.notifications.execute(notificationId, { type: 'fail-channel', channel, reason: (error as Error).message, subscriptionGone }, options);
    }
  }

  private async deliver(request: NotificationRequest, channel: string, attempt: number, intentAt: Date, tx: pg.PoolClient): Promise<string> {
    const phone = request.recipient.phone;
    const statusCallbackUrl = notificationCallbackUrl(this.config.publicUrl, request.notificationId, attempt, channel as 'sms');
    if (channel === 'sms' || channel === 'whatsapp') {
      if (!phone) throw new NonRetriableError(`no phone number for ${channel}`);
      const body = sentText(request.body, request.notificationId);
      const listed = await this.telephony.listMessagesTo(phone, channel);
      const earlier = earlierSend(listed, intentAt, body, await this.ownedByOthers(tx, request.notificationId, listed));
      if (earlier) return earlier.sid;
      return (await this.telephony.sendMessage({ to: phone, from: this.config.TWILIO_FROM_NUMBER, body, channel, statusCallbackUrl })).sid;
    }
    if (channel === 'voice') {
      if (!phone) throw new NonRetriableError('no phone number for voice');
      const listed = await this.telephony.listCallsTo(phone);
      const earlier = earlierSend(listed, intentAt, undefined, await this.ownedByOthers(tx, request.notificationId, listed));
      if (earlier) return earlier.sid;
      return (await this.telephony.notifyByVoice(phone, this.config.TWILIO_FROM_NUMBER, request.body, statusCallbackUrl)).sid;
    }
    if (channel === 'email') {
      const to = request.recipient.email;
      if (!to) throw new NonRetriableError('no email address');
      // SMTP cannot be asked what it took: a resend after a crash carries the same Message-ID instead.
      const messageId = `<${request.notificationId}.${attempt}@switchboard>`;
      await this.email.send({ to, subject: request.subject ?? 'Switchboard', text: request.body, messageId });
      return messageId;
    }
    const subscription = request.recipient.push;
    if (!subscription) throw new NonRetriableError('no push subscription');
    // A resend replaces a message still pending at the push service (same topic) instead of adding one.
    const topic = Buffer.from(request.notificationId.replace(/-/g, ''), 'hex').toString('base64url');
    const payload = JSON.stringify({ title: request.subject ?? 'Switchboard', body: request.body, about: request.about, notificationId: request.notificationId });
    return (await this.push.send({ subscription, payload, topic, urgent: request.urgent })).id;
  }

  /** Provider ids among `listed` that another notification or one of our Calls has recorded. */
  private async ownedByOthers(tx: pg.PoolClient, notificationId: string, listed: ListedSend[]): Promise<Set<string>> {
    const sids = listed.map((s) => s.sid);
    const { rows } = await tx.query<{ sid: string }>(
      `SELECT provider_id AS sid FROM "${this.schema}".notification_sends WHERE provider_id = ANY($1) AND notification_id <> $2
       UNION SELECT provider_sid FROM "${this.schema}".calls WHERE provider_sid = ANY($1)`,
      [sids, notificationId],
    );
    return new Set(rows.map((r) => r.sid));
  }
}

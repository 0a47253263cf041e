import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type TwilioWebhookReceived, twilioWebhookReceived } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { notificationOf } from './notification-urls.js';
import { Notifications } from './notifications.js';

/**
 * Advances Notifications from Twilio's message (and voice notification) status callbacks, which come
 * duplicated and in any order: the decider ignores what is stale or known, so the log ends the same.
 */
@Controller()
export class NotificationCallbacksHandler {
  constructor(private readonly notifications: Notifications) {}

  @OnEvent(twilioWebhookReceived, {
    durable: 'telephony-notification-callbacks',
    ordered: false,
    concurrency: 16,
    retry: { attempts: 10, baseDelayMs: 25, maxDelayMs: 1_000, jitter: 0.5 },
  })
  async onCallback(@Payload() event: EventEnvelope<TwilioWebhookReceived>, @Ctx() context: EventContext): Promise<void> {
    const { kind, url, params } = event.payload;
    if (kind !== 'messaging-status' && kind !== 'voice-status') return;
    const named = notificationOf(url);
    if (!named) return; // a Call's callback (TwilioCallbacksHandler)
    const { state, events } = await this.notifications.load(named.notificationId, context.tx);
    if (!state.request || state.attempt !== named.attempt) return; // unknown, or a channel given up on
    const [requested] = events;
    const options = {
      tx: context.tx,
      cause: { id: event.id, correlationId: requested.correlationId },
      trace: { traceparent: requested.traceparent, tracestate: requested.tracestate },
    };
    const providerId = kind === 'voice-status' ? params.CallSid : params.MessageSid;
    // The callback can overtake the sender's own record of the provider's id.
    if (!state.providerId) await this.notifications.execute(named.notificationId, { type: 'record-sent', channel: state.channel!, providerId }, options);
    const providerStatus = kind === 'voice-status' ? params.CallStatus : params.MessageStatus;
    await this.notifications.execute(named.notificationId, { type: 'apply-provider-status', providerId, providerStatus, errorCode: params.ErrorCode }, options);
  }
}

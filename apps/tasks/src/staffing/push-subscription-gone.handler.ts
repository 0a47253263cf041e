import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type NotificationPushSubscriptionGone, notificationPushSubscriptionGone } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { Nurses } from '../care.aggregates.js';

/**
 * Drops a nurse's Web Push subscription when the push service has said it is gone (404/410), as
 * Web Push practice asks: later alerts go straight to the next channel. Only that subscription:
 * one the nurse has set since is kept (the decider compares endpoints).
 */
@Controller()
export class PushSubscriptionGoneHandler {
  constructor(private readonly nurses: Nurses) {}

  @OnEvent(notificationPushSubscriptionGone, { durable: 'tasks-push-subscriptions-gone', ordered: false, concurrency: 4 })
  async onGone(@Payload() event: EventEnvelope<NotificationPushSubscriptionGone>, @Ctx() context: EventContext): Promise<void> {
    const { recipient, endpoint } = event.payload;
    if (recipient.kind !== 'nurse') return;
    const { state } = await this.nurses.load(recipient.id, context.tx);
    if (!state.nurse) return;
    await this.nurses.execute(recipient.id, { type: 'remove-push-subscription', reason: 'gone', endpoint }, { tx: context.tx, cause: event });
  }
}

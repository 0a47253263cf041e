import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type NotificationReconcileDue, notificationReconcileDue } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { TelephonyPort } from '@switchboard/providers';
import { Notifications } from './notifications.js';

/** Looks at the provider this many times in all; a status still not final after them stays SENT. */
const MAX_CHECKS = 5;

/**
 * A send whose final status never came (callbacks lost, or sent while the gateway was down) is
 * looked up at the provider when its deadline passes, and its status applied as a callback's would be.
 */
@Controller()
export class NotificationReconcileHandler {
  constructor(
    private readonly notifications: Notifications,
    private readonly telephony: TelephonyPort,
  ) {}

  @OnEvent(notificationReconcileDue, { durable: 'telephony-notification-reconcile', ordered: false, concurrency: 4, retry: { attempts: 5, baseDelayMs: 5_000, maxDelayMs: 60_000, jitter: 0.2 } })
  async reconcile(@Payload() event: EventEnvelope<NotificationReconcileDue>, @Ctx() context: EventContext): Promise<void> {
    const { notificationId, attempt, checks } = event.payload;
    const { state } = await this.notifications.load(notificationId, context.tx);
    if (state.attempt !== attempt || state.status !== 'SENT' || !state.providerId) return;
    const providerStatus =
      state.channel === 'voice' ? (await this.telephony.fetchCall(state.providerId)).status : (await this.telephony.fetchMessage(state.providerId)).status;
    const { state: next } = await this.notifications.execute(
      notificationId,
      { type: 'apply-provider-status', providerId: state.providerId, providerStatus },
      { tx: context.tx, cause: event },
    );
    if (next.status === 'SENT' && next.attempt === attempt && checks + 1 < MAX_CHECKS) {
      await this.notifications.reconcileLater(notificationId, attempt, checks + 1, event.correlationId, context.tx);
    }
  }
}

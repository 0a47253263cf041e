import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { callDialRequested, type CallQueued, callQueued, callReconcileDue, type EventEnvelope } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { type ProviderCall, sayTwiml, TelephonyPort } from '@switchboard/providers';
import { callbackUrls } from '../callbacks/callback-urls.js';
import { Calls, callStream } from '../calls/calls.js';
import { TelephonyConfig } from '../telephony.config.js';
import { DIAL_POLICY, findPlacedCall } from './dial-policy.js';

const GREETING = 'Hello, this is a short research call from Switchboard. It is recorded; you can hang up at any time.';

/**
 * Places each queued Call, at most DIAL_RATE_LIMIT per window per campaign. The intent to dial is
 * committed before the provider is asked, so an attempt that follows a crash first looks for the
 * call the crashed one may have placed: one Call is never two real calls.
 */
@Controller()
export class DialerHandler {
  constructor(
    private readonly calls: Calls,
    private readonly telephony: TelephonyPort,
    private readonly timers: DurableTimers,
    private readonly config: TelephonyConfig,
  ) {}

  @OnEvent(callQueued, {
    durable: 'telephony-dialer',
    ordered: false,
    concurrency: 16,
    retry: DIAL_POLICY.retry,
    rateLimit: DIAL_POLICY.rateLimit,
    ackWaitMs: DIAL_POLICY.ackWaitMs,
  })
  async dial(@Payload() event: EventEnvelope<CallQueued>, @Ctx() context: EventContext): Promise<void> {
    const { callId, phone } = event.payload;
    const cause = event;
    const { state, events } = await this.calls.load(callId, context.tx);
    if (state.providerSid || (state.status !== 'QUEUED' && state.status !== 'DIALING')) return;
    try {
      const interrupted = [...events].reverse().find((e) => e.type === callDialRequested.type);
      const placed = (interrupted && (await this.alreadyPlaced(phone, new Date(interrupted.occurredAt)))) || (await this.place(callId, phone, cause));
      await this.calls.execute(callId, { type: 'record-dialed', providerSid: placed.sid }, { tx: context.tx, cause });
      await this.timers.scheduleAfter(
        { key: `reconcile-${callId}`, streamId: callStream(callId), event: callReconcileDue.create({ callId }), correlationId: event.correlationId },
        this.config.CALL_RECONCILE_AFTER_MS,
        context.tx,
      );
    } catch (error) {
      if (context.willRetry(error)) throw error;
      // Invalid numbers (21211, 21217) and exhausted retries end the Call instead of parking it.
      await this.calls.execute(callId, { type: 'fail-dial', reason: (error as Error).message }, { tx: context.tx, cause });
    }
  }

  private async alreadyPlaced(phone: string, dialRequestedAt: Date): Promise<ProviderCall | undefined> {
    return findPlacedCall(await this.telephony.listCallsTo(phone), dialRequestedAt);
  }

  private async place(callId: string, phone: string, cause: EventEnvelope): Promise<ProviderCall> {
    // Committed on its own, before the provider hears of it: the record a later attempt reconciles from.
    await this.calls.execute(callId, { type: 'request-dial' }, { cause });
    const urls = callbackUrls(this.config.publicUrl, callId);
    return this.telephony.placeCall({
      to: phone,
      from: this.config.TWILIO_FROM_NUMBER,
      twiml: sayTwiml(GREETING),
      statusCallbackUrl: urls.status,
      recordingStatusCallbackUrl: urls.recording,
    });
  }
}

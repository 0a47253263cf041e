import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallDialRequested, callDialRequested, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { type ProviderCall, sayTwiml, TelephonyPort } from '@switchboard/providers';
import { callbackUrls } from '../callbacks/callback-urls.js';
import { Calls } from '../calls/calls.js';
import { TelephonyConfig } from '../telephony.config.js';
import { DIAL_POLICY, findPlacedCall } from './dial-policy.js';

const GREETING = 'Hello, this is a short research call from Switchboard. It is recorded; you can hang up at any time.';

/**
 * Places a Call once its intent to dial is on record (3 attempts, 2 s -> 10 s). Any delivery after
 * the first may follow an attempt that placed the call and died before recording it, so it first
 * looks for that call at the provider: one Call is never two real calls.
 */
@Controller()
export class DialerHandler {
  constructor(
    private readonly calls: Calls,
    private readonly telephony: TelephonyPort,
    private readonly config: TelephonyConfig,
  ) {}

  @OnEvent(callDialRequested, {
    durable: 'telephony-dialer',
    ordered: false,
    concurrency: 16,
    retry: DIAL_POLICY.retry,
    rateLimit: DIAL_POLICY.providerRateLimit,
  })
  async dial(@Payload() event: EventEnvelope<CallDialRequested>, @Ctx() context: EventContext): Promise<void> {
    const { callId } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.calls.load(callId, context.tx);
    if (state.providerSid || state.status !== 'DIALING') return;
    try {
      const placed =
        (context.attempt > 1 && findPlacedCall(await this.telephony.listCallsTo(state.phone!), new Date(event.occurredAt))) ||
        (await this.place(callId, state.phone!));
      // Recording the SID starts the reconcile deadline (Calls), whoever records it first: here or a callback.
      await this.calls.execute(callId, { type: 'record-dialed', providerSid: placed.sid }, options);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      // Invalid numbers (21211, 21217) and exhausted retries end the Call instead of parking it.
      await this.calls.execute(callId, { type: 'fail-dial', reason: (error as Error).message }, options);
    }
  }

  private place(callId: string, phone: string): Promise<ProviderCall> {
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

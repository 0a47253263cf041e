import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallDialRequested, callDialRequested, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type ProviderCall, sayTwiml, TelephonyPort } from '@switchboard/providers';
import { callbackUrls } from '../callbacks/callback-urls.js';
import { otherCallsTo } from '../calls/calls-to-number.js';
import { Calls } from '../calls/calls.js';
import { TelephonyConfig } from '../telephony.config.js';
import { DIAL_POLICY, reconcileBeforeDial } from './dial-policy.js';

const GREETING = 'Hello, this is a short research call from Switchboard. It is recorded; you can hang up at any time.';

/**
 * Places a Call once its intent to dial is on record (3 attempts, 2 s -> 10 s). Every delivery
 * may follow an attempt that placed the call and died before recording it (however the consumer
 * counts attempts: a redelivery after a crash, a republished event), so each one first looks for
 * that call at the provider: one Call is never two real calls, nor another Call's.
 */
@Controller()
export class DialerHandler {
  constructor(
    private readonly calls: Calls,
    private readonly telephony: TelephonyPort,
    private readonly config: TelephonyConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
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
      const placed = await this.findPlaced(callId, state.phone!, new Date(event.occurredAt), context);
      const call = placed ?? (await this.place(callId, state.phone!));
      // Recording the SID starts the reconcile deadline (Calls), whoever records it first: here or a callback.
      await this.calls.execute(callId, { type: 'record-dialed', providerSid: call.sid }, options);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      // Invalid numbers (21211, 21217) and exhausted retries end the Call instead of parking it.
      await this.calls.execute(callId, { type: 'fail-dial', reason: (error as Error).message }, options);
    }
  }

  /** The call an earlier attempt placed, if the provider has one that can only be ours. */
  private async findPlaced(callId: string, phone: string, dialRequestedAt: Date, context: EventContext): Promise<ProviderCall | undefined> {
    const placed = await this.telephony.listCallsTo(phone);
    const others = await otherCallsTo(context.tx, this.schema, phone, callId, placed.map((call) => call.sid));
    const decision = reconcileBeforeDial(placed, dialRequestedAt, others);
    if (decision.action === 'wait') throw new Error(`call ${callId}: ${decision.reason}`);
    return decision.action === 'adopt' ? decision.call : undefined;
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

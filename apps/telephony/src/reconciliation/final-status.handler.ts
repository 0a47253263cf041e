import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallReconcileDue, callReconcileDue, type EventEnvelope, FINAL_CALL_STATUSES } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { TelephonyPort } from '@switchboard/providers';
import { Calls } from '../calls/calls.js';

/**
 * A call whose final callback never came (lost, or sent while we were down) is asked about at the
 * provider when its deadline passes; a call still live then is asked about again later.
 */
@Controller()
export class FinalStatusHandler {
  constructor(
    private readonly calls: Calls,
    private readonly telephony: TelephonyPort,
  ) {}

  @OnEvent(callReconcileDue, { durable: 'telephony-final-status', retry: { attempts: 5, baseDelayMs: 5_000, maxDelayMs: 60_000, jitter: 0.2 } })
  async reconcile(@Payload() event: EventEnvelope<CallReconcileDue>, @Ctx() context: EventContext): Promise<void> {
    const { callId } = event.payload;
    const { state } = await this.calls.load(callId, context.tx);
    if (!state.providerSid || (FINAL_CALL_STATUSES as readonly string[]).includes(state.status ?? '')) return;
    const call = await this.telephony.fetchCall(state.providerSid);
    const { state: next } = await this.calls.execute(
      callId,
      { type: 'apply-provider-status', providerStatus: call.status, durationSeconds: call.durationSeconds },
      { tx: context.tx, cause: event },
    );
    if (!(FINAL_CALL_STATUSES as readonly string[]).includes(next.status ?? '')) {
      await this.calls.deadlines.reconcile(callId, event.correlationId, context.tx);
    }
  }
}

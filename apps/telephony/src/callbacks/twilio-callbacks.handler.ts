import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type TwilioWebhookReceived, twilioWebhookReceived } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { Calls } from '../calls/calls.js';
import { callIdOf } from './callback-urls.js';

/**
 * Advances Calls from the provider's callbacks, which come duplicated and in any order: the Call
 * decider ignores what is stale or known. Callbacks of one call race each other here, so an
 * append that lost to another is simply decided again, soon.
 */
@Controller()
export class TwilioCallbacksHandler {
  private readonly logger = new Logger(TwilioCallbacksHandler.name);

  constructor(private readonly calls: Calls) {}

  @OnEvent(twilioWebhookReceived, {
    durable: 'telephony-twilio-callbacks',
    ordered: false,
    concurrency: 16,
    retry: { attempts: 10, baseDelayMs: 25, maxDelayMs: 1_000, jitter: 0.5 },
  })
  async onCallback(@Payload() event: EventEnvelope<TwilioWebhookReceived>, @Ctx() context: EventContext): Promise<void> {
    const { kind, url, params } = event.payload;
    if (kind !== 'voice-status' && kind !== 'voice-recording') return; // messaging: NotificationCallbacksHandler
    const callId = callIdOf(url);
    if (!callId && new URL(url).searchParams.has('notificationId')) return; // a voice notification's
    if (!callId) {
      this.logger.warn(`callback ${event.id} names no call (${url}); kept in the gateway's store, ignored here`);
      return;
    }
    const { state, events } = await this.calls.load(callId, context.tx);
    if (!state.status) {
      this.logger.warn(`callback ${event.id} for unknown call ${callId} ignored`);
      return;
    }
    // What the callback changes belongs to the call's workflow: its correlation and its trace.
    const [queued] = events;
    const options = {
      tx: context.tx,
      cause: { id: event.id, correlationId: queued.correlationId },
      trace: { traceparent: queued.traceparent, tracestate: queued.tracestate },
    };
    // The callback can overtake the dialer's own record of the provider's SID.
    if (!state.providerSid && params.CallSid) await this.calls.execute(callId, { type: 'record-dialed', providerSid: params.CallSid }, options);
    if (state.providerSid && params.CallSid && params.CallSid !== state.providerSid) {
      this.logger.error(`callback for ${params.CallSid} names call ${callId}, which is ${state.providerSid}: ignored`);
      return;
    }
    if (kind === 'voice-status') {
      const durationSeconds = params.CallDuration ? Number(params.CallDuration) : undefined;
      await this.calls.execute(callId, { type: 'apply-provider-status', providerStatus: params.CallStatus, durationSeconds }, options);
    } else if (params.RecordingStatus === 'completed') {
      await this.calls.execute(
        callId,
        {
          type: 'attach-recording',
          recordingSid: params.RecordingSid,
          recordingUrl: params.RecordingUrl,
          durationSeconds: Number(params.RecordingDuration ?? 0),
        },
        options,
      );
    }
  }
}

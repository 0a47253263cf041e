import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallRecordingDue, callRecordingDue, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { type ProviderRecording, TelephonyPort } from '@switchboard/providers';
import { Calls } from '../calls/calls.js';

/** Twilio's statuses of a recording still being made or processed: worth another look later. */
const UNFINISHED = new Set(['in-progress', 'paused', 'stopped', 'processing']);
/** Looks at the provider in all, one deadline apart, before an unfinished recording is given up. */
const MAX_CHECKS = 3;

/**
 * An answered call whose recording has not come by its deadline (none was made, it was empty, or
 * its callback was lost) is looked up at the provider: a finished recording is taken as if its
 * callback had come; one still processing is looked for again; otherwise the call's recording is
 * given up with a reason, which claims takes as the call's outcome, so the campaign can complete.
 */
@Controller()
export class RecordingDeadlineHandler {
  constructor(
    private readonly calls: Calls,
    private readonly telephony: TelephonyPort,
  ) {}

  @OnEvent(callRecordingDue, { durable: 'telephony-recording-deadline', retry: { attempts: 5, baseDelayMs: 5_000, maxDelayMs: 60_000, jitter: 0.2 } })
  async onDue(@Payload() event: EventEnvelope<CallRecordingDue>, @Ctx() context: EventContext): Promise<void> {
    const { callId, checks } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.calls.load(callId, context.tx);
    if (state.recordingSid || state.recordingUnavailable || !state.providerSid) return;
    let recordings: ProviderRecording[];
    try {
      recordings = await this.telephony.listRecordings(state.providerSid);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.calls.execute(callId, { type: 'give-up-recording', reason: `could not be looked up: ${(error as Error).message}` }, options);
      return;
    }
    const finished = recordings.find((recording) => recording.status === 'completed');
    if (finished) {
      const recording = { recordingSid: finished.sid, recordingUrl: finished.url, durationSeconds: finished.durationSeconds };
      await this.calls.execute(callId, { type: 'attach-recording', ...recording }, options);
      return;
    }
    const unfinished = recordings.some((recording) => UNFINISHED.has(recording.status));
    if (unfinished && checks + 1 < MAX_CHECKS) {
      await this.calls.deadlines.awaitRecording(callId, checks + 1, event.correlationId, context.tx);
      return;
    }
    const reason = recordings.length
      ? `the provider's recording is ${recordings.map((recording) => recording.status).join(', ')} after ${checks + 1} look(s)`
      : 'no recording was made';
    await this.calls.execute(callId, { type: 'give-up-recording', reason }, options);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallRecordingAvailable, callRecordingAvailable, type EventEnvelope } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { TelephonyPort } from '@switchboard/providers';
import { Transcripts } from '../transcripts/transcripts.js';

/**
 * Fetches a finished call's recording (3 attempts, 1 s -> 5 s, 2 min each) and keeps it, so the
 * transcriber never depends on the provider still serving it. A missing recording fails the
 * transcript for good.
 */
@Controller()
export class RecordingDownloadHandler {
  constructor(
    private readonly transcripts: Transcripts,
    private readonly telephony: TelephonyPort,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(callRecordingAvailable, {
    durable: 'transcription-downloads',
    ordered: false,
    retry: { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 5_000, jitter: 0.2 },
  })
  async download(@Payload() event: EventEnvelope<CallRecordingAvailable>, @Ctx() context: EventContext): Promise<void> {
    const { callId, campaignId, recordingUrl } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.transcripts.load(callId, context.tx);
    if (state.status) return;
    let audio: Buffer;
    try {
      audio = await this.telephony.downloadRecording(recordingUrl);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.transcripts.execute(callId, { type: 'fail', callId, campaignId, reason: (error as Error).message }, options);
      return;
    }
    await this.transcripts.execute(callId, { type: 'keep-recording', callId, campaignId, bytes: audio.length }, options);
    await context.tx.query(`INSERT INTO "${this.schema}".recordings (call_id, audio) VALUES ($1, $2) ON CONFLICT (call_id) DO NOTHING`, [
      callId,
      audio,
    ]);
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type RecordingDownloaded, recordingDownloaded } from '@switchboard/contracts';
import { TIMEOUTS, withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { SpeechToTextPort } from '@switchboard/providers';
import { Transcripts } from '../transcripts/transcripts.js';
import { transcribeRecording } from './transcribe-recording.js';

/** Transcriptions running at once across every replica: the speech provider's budget. */
const MAX_CONCURRENT = 5;

/**
 * Turns a kept recording into the call's transcript (3 attempts, 2 s -> 15 s, 5 min each), at most
 * five at once across replicas. Failures no retry can change end the transcript with their reason.
 */
@Controller()
export class TranscribeHandler {
  constructor(
    private readonly transcripts: Transcripts,
    private readonly speech: SpeechToTextPort,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(recordingDownloaded, {
    durable: 'transcription-transcribe',
    ordered: false,
    concurrency: MAX_CONCURRENT * 2,
    keyConcurrency: { key: () => 'speech-to-text', limit: MAX_CONCURRENT },
    retry: { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 15_000, jitter: 0.2 },
  })
  async transcribe(@Payload() event: EventEnvelope<RecordingDownloaded>, @Ctx() context: EventContext): Promise<void> {
    const { callId, campaignId } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.transcripts.load(callId, context.tx);
    if (state.status !== 'DOWNLOADED') return;
    const { rows } = await context.tx.query<{ audio: Buffer }>(`SELECT audio FROM "${this.schema}".recordings WHERE call_id = $1`, [callId]);
    try {
      const result = await withTimeout(`transcribing call ${callId}`, TIMEOUTS.transcription, (signal) =>
        transcribeRecording(this.speech, rows[0].audio, `call-${callId}`, signal),
      );
      await this.transcripts.execute(callId, { type: 'complete', ...result }, options);
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.transcripts.execute(callId, { type: 'fail', callId, campaignId, reason: (error as Error).message }, options);
    }
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, videoRegistered, videoRetried } from '@switchboard/contracts';
import { TIMEOUTS, withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { VideoStoragePort } from '@switchboard/providers';
import { Videos } from '../videos/videos.js';
import { stageAudio } from './staged-audio.js';
import { reasonOf, TRANSCRIBE_RETRY } from './video-transcribe.handler.js';

/**
 * A registered (or retried) video is taken into transcription: its audio is extracted into storage
 * first (two ffmpeg at a time per replica: it is CPU, not a provider's wait), then its status says
 * it is transcribing before the transcriber, which may wait for the creator's concurrency, starts
 * on it. Audio that cannot be extracted (no track, corrupt file) fails the video at `transcribe`.
 */
@Controller()
export class VideoIntakeHandler {
  constructor(
    private readonly videos: Videos,
    private readonly storage: VideoStoragePort,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(videoRegistered, { durable: 'transcription-video-intake', ordered: false, concurrency: 2, retry: TRANSCRIBE_RETRY })
  registered(@Payload() event: EventEnvelope<{ videoId: string }>, @Ctx() context: EventContext): Promise<void> {
    return this.take(event, context);
  }

  @OnEvent(videoRetried, { durable: 'transcription-video-retries', ordered: false, concurrency: 1, retry: TRANSCRIBE_RETRY })
  retried(@Payload() event: EventEnvelope<{ videoId: string }>, @Ctx() context: EventContext): Promise<void> {
    return this.take(event, context);
  }

  private async take(event: EventEnvelope<{ videoId: string }>, context: EventContext): Promise<void> {
    const { videoId } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.videos.load(videoId, context.tx);
    if (state.status !== 'PENDING') return;
    try {
      const { rows } = await context.tx.query<{ storage_key: string }>(`SELECT storage_key FROM "${this.schema}".videos WHERE video_id = $1`, [videoId]);
      await withTimeout(`extracting the audio of video ${videoId}`, TIMEOUTS.transcription, (signal) => stageAudio(this.storage, rows[0].storage_key, videoId, signal));
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.videos.execute(videoId, { type: 'fail', step: 'transcribe', reason: reasonOf(error) }, options);
      return;
    }
    await this.videos.execute(videoId, { type: 'start-transcription' }, options);
  }
}

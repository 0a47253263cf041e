import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type VideoTranscriptionStarted, videoTranscriptionStarted } from '@switchboard/contracts';
import { TIMEOUTS, withTimeout } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { SpeechToTextPort, VideoStoragePort } from '@switchboard/providers';
import { Videos } from '../videos/videos.js';
import { stagedAudio, stagedAudioKey } from './staged-audio.js';
import { TRANSCRIPTION_USD_PER_MINUTE, transcribeVideoAudio } from './transcribe-video.js';

/** Transcriptions one creator may have running at once, across every replica. */
export const VIDEO_TRANSCRIPTIONS_PER_CREATOR = 10;
/** 3 attempts, 2 s -> 15 s: for the audio's extraction and for its transcription. */
export const TRANSCRIBE_RETRY = { attempts: 3, baseDelayMs: 2_000, maxDelayMs: 15_000, jitter: 0.2 };

/**
 * Transcribes a video's staged audio (see VideoIntakeHandler) with word timestamps (3 attempts,
 * 2 s -> 15 s), at most ten at once per creator across replicas. The transcript is stored in the
 * transaction that records it, so it exists exactly when the video says it is transcribed. What no
 * retry can fix (silence, say) fails the video at this step. The staged audio is removed once it
 * is transcribed or failed for good; kept for a retry.
 */
@Controller()
export class VideoTranscribeHandler {
  constructor(
    private readonly videos: Videos,
    private readonly speech: SpeechToTextPort,
    private readonly storage: VideoStoragePort,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(videoTranscriptionStarted, {
    durable: 'transcription-video-transcribe',
    ordered: false,
    concurrency: VIDEO_TRANSCRIPTIONS_PER_CREATOR,
    keyConcurrency: { key: (event) => `video-creator-${(event.payload as VideoTranscriptionStarted).creatorId}`, limit: VIDEO_TRANSCRIPTIONS_PER_CREATOR },
    retry: TRANSCRIBE_RETRY,
  })
  async transcribe(@Payload() event: EventEnvelope<VideoTranscriptionStarted>, @Ctx() context: EventContext): Promise<void> {
    const { videoId } = event.payload;
    const options = { tx: context.tx, cause: event };
    const { state } = await this.videos.load(videoId, context.tx);
    if (state.status !== 'TRANSCRIBING') return;
    try {
      const { rows } = await context.tx.query<{ storage_key: string }>(`SELECT storage_key FROM "${this.schema}".videos WHERE video_id = $1`, [videoId]);
      const transcript = await withTimeout(`transcribing video ${videoId}`, TIMEOUTS.transcription * 4, async (signal) =>
        transcribeVideoAudio(this.speech, await stagedAudio(this.storage, rows[0].storage_key, videoId, signal), `video-${videoId}`, signal),
      );
      await context.tx.query(
        `INSERT INTO "${this.schema}".video_transcripts (video_id, words) VALUES ($1, $2)
         ON CONFLICT (video_id) DO UPDATE SET words = EXCLUDED.words, stored_at = now()`,
        [videoId, JSON.stringify(transcript.words)],
      );
      const costUsd = Math.round((transcript.durationSeconds / 60) * TRANSCRIPTION_USD_PER_MINUTE * 1e6) / 1e6;
      await this.videos.execute(
        videoId,
        { type: 'complete-transcription', words: transcript.words.length, durationSeconds: transcript.durationSeconds, parts: transcript.parts, costUsd },
        options,
      );
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.videos.execute(videoId, { type: 'fail', step: 'transcribe', reason: reasonOf(error) }, options);
    }
    await this.storage.remove(stagedAudioKey(videoId));
  }
}

export const reasonOf = (error: unknown): string => ((error as Error)?.message || String(error)).slice(0, 1_000);

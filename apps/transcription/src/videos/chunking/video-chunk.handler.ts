import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type VideoTranscribed, videoTranscribed } from '@switchboard/contracts';
import { NonRetriableError } from '@switchboard/durable';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { reasonOf } from '../transcribing/video-transcribe.handler.js';
import { Videos } from '../videos/videos.js';
import { chunkTranscript, type TimedWord } from './chunk-transcript.js';

/**
 * Cuts a transcribed video into chunks of a new generation, stored with the event that says so;
 * a generation is invisible to search until all its vectors are in.
 */
@Controller()
export class VideoChunkHandler {
  constructor(
    private readonly videos: Videos,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(videoTranscribed, { durable: 'transcription-video-chunk', ordered: false, concurrency: 2, retry: { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 5_000 } })
  async chunk(@Payload() event: EventEnvelope<VideoTranscribed>, @Ctx() context: EventContext): Promise<void> {
    const { videoId, creatorId } = event.payload;
    const options = { tx: context.tx, cause: event };
    const s = `"${this.schema}"`;
    try {
      const { rows } = await context.tx.query<{ words: TimedWord[] }>(`SELECT words FROM ${s}.video_transcripts WHERE video_id = $1`, [videoId]);
      const chunks = chunkTranscript(rows[0]?.words ?? []);
      if (chunks.length === 0) throw new NonRetriableError('no transcript words to chunk');
      const { events } = await this.videos.execute(videoId, { type: 'chunk', chunks: chunks.length }, options);
      if (events.length === 0) return; // chunked already, or no longer waiting for it
      const { generation } = events[0].payload as { generation: number };
      await context.tx.query(
        `INSERT INTO ${s}.video_chunks (video_id, generation, position, creator_id, text, start_seconds, end_seconds)
         SELECT $1, $2, c.position, $3, c.text, c.start_seconds, c.end_seconds
         FROM unnest($4::int[], $5::text[], $6::float8[], $7::float8[]) AS c(position, text, start_seconds, end_seconds)`,
        [videoId, generation, creatorId, chunks.map((c) => c.position), chunks.map((c) => c.text), chunks.map((c) => c.startSeconds), chunks.map((c) => c.endSeconds)],
      );
    } catch (error) {
      if (context.willRetry(error)) throw error;
      await this.videos.execute(videoId, { type: 'fail', step: 'chunk', reason: reasonOf(error) }, options);
    }
  }
}

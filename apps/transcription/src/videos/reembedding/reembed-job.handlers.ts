import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type EventEnvelope,
  type ReembedJobStarted,
  reembedJobStarted,
  videoChunked,
  type VideoEmbedded,
  videoEmbedded,
  type VideoFailed,
  videoFailed,
} from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { Videos } from '../videos/videos.js';
import { ReembedJobs } from './reembed-jobs.js';

/**
 * Runs a re-embed job: each video in its own transaction, together with the job's record that it
 * was requested, so a job stopped at any point resumes with the next video (the job skips what it
 * asked for already). A completed video gets a new generation of its chunks (same text, no
 * vectors) which the embed handler fills; its active generation stays searchable until then.
 */
@Controller()
export class ReembedJobHandlers {
  constructor(
    private readonly jobs: ReembedJobs,
    private readonly videos: Videos,
    private readonly store: EventStore,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnEvent(reembedJobStarted, { durable: 'transcription-reembed-jobs', ordered: false, concurrency: 1 })
  async run(@Payload() event: EventEnvelope<ReembedJobStarted>): Promise<void> {
    const { jobId, videoIds } = event.payload;
    const s = `"${this.schema}"`;
    for (const videoId of videoIds) {
      await this.store.transaction(async (tx) => {
        const { state } = await this.jobs.load(jobId, tx);
        if (state.requested.has(videoId)) return;
        const { events } = await this.videos.execute(videoId, { type: 'reembed', jobId }, { tx, cause: event });
        const action = events.length === 0 ? 'skip' : events[0].type === videoChunked.type ? 'reembed' : 'retry';
        if (action === 'reembed') {
          const { generation } = events[0].payload as { generation: number };
          await tx.query(
            `INSERT INTO ${s}.video_chunks (video_id, generation, position, creator_id, text, start_seconds, end_seconds)
             SELECT c.video_id, $2, c.position, c.creator_id, c.text, c.start_seconds, c.end_seconds
             FROM ${s}.video_chunks c JOIN ${s}.videos v ON v.video_id = c.video_id AND c.generation = v.active_generation WHERE c.video_id = $1`,
            [videoId, generation],
          );
        }
        await this.jobs.execute(jobId, { type: 'request', videoId, action }, { tx, cause: event });
      });
    }
  }

  @OnEvent(videoEmbedded, { durable: 'transcription-reembed-embedded', ordered: false, concurrency: 1 })
  async embedded(@Payload() event: EventEnvelope<VideoEmbedded>, @Ctx() context: EventContext): Promise<void> {
    const { reembedJobId, videoId } = event.payload;
    if (reembedJobId) await this.jobs.execute(reembedJobId, { type: 'finish', videoId, outcome: 'reembedded' }, { tx: context.tx, cause: event });
  }

  @OnEvent(videoFailed, { durable: 'transcription-reembed-failed', ordered: false, concurrency: 1 })
  async failed(@Payload() event: EventEnvelope<VideoFailed>, @Ctx() context: EventContext): Promise<void> {
    const { reembedJobId, videoId, reason } = event.payload;
    if (reembedJobId) await this.jobs.execute(reembedJobId, { type: 'finish', videoId, outcome: 'failed', reason }, { tx: context.tx, cause: event });
  }
}

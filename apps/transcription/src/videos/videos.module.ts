import { Module } from '@nestjs/common';
import { VideoChunkHandler } from './chunking/video-chunk.handler.js';
import { ReembedJobCommands } from './reembedding/reembed-job.commands.js';
import { ReembedJobHandlers } from './reembedding/reembed-job.handlers.js';
import { ReembedJobs } from './reembedding/reembed-jobs.js';
import { VideoEmbedHandler } from './embedding/video-embed.handler.js';
import { VideoSearch } from './search/video-search.js';
import { VideoIntakeHandler } from './transcribing/video-intake.handler.js';
import { VideoTranscribeHandler } from './transcribing/video-transcribe.handler.js';
import { Videos } from './videos/videos.js';
import { VideosCommands } from './videos/videos.commands.js';

/** Video knowledge: videos transcribed, chunked, embedded and searchable (docs/adr/0013-video-knowledge.md). */
@Module({
  controllers: [VideoIntakeHandler, VideoTranscribeHandler, VideoChunkHandler, VideoEmbedHandler, VideosCommands, ReembedJobHandlers, ReembedJobCommands],
  providers: [Videos.provider, ReembedJobs.provider, VideoSearch],
})
export class VideosModule {}

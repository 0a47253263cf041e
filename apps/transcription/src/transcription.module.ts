import { Module } from '@nestjs/common';
import { RecordingDownloadHandler } from './recordings/recording-download.handler.js';
import { TranscribeHandler } from './transcribing/transcribe.handler.js';
import { Transcripts } from './transcripts/transcripts.js';
import { TranscriptsQueries } from './transcripts/transcripts.queries.js';
import { VideosModule } from './videos/videos.module.js';

/** Recordings downloaded and kept, then transcribed into speaker-attributed utterances. */
@Module({
  imports: [VideosModule],
  controllers: [RecordingDownloadHandler, TranscribeHandler, TranscriptsQueries],
  providers: [Transcripts.provider],
})
export class TranscriptionModule {}

import { durableMigrations } from '@switchboard/durable';
import { CreateTranscripts1732310000000 } from './transcripts/migrations/1732310000000-create-transcripts.js';
import { CreateVideos1733300000000 } from './videos/migrations/1733300000000-create-videos.js';
import { CreateReembedJobs1733300200000 } from './videos/migrations/1733300200000-create-reembed-jobs.js';
import { VideoVectorIndex1733300100000 } from './videos/migrations/1733300100000-video-vector-index.js';

/** The transcription schema's tables beyond the event store's, in the order they run. */
export const transcriptionMigrations = [...durableMigrations, CreateTranscripts1732310000000, CreateVideos1733300000000, VideoVectorIndex1733300100000, CreateReembedJobs1733300200000];

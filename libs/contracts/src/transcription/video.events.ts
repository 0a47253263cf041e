import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

/** Where a video's processing stopped for good. */
export const VIDEO_STEPS = ['transcribe', 'chunk', 'embed'] as const;
export type VideoStep = (typeof VIDEO_STEPS)[number];

export const VIDEO_LIMITS = {
  title: 200,
  language: 16,
  storageKey: 300,
  creatorId: 100,
  reason: 1_000,
  /** Videos one re-embed job takes on. */
  reembedVideos: 1_000,
} as const;

/** A video is in storage (uploaded or registered) and waits to be transcribed. */
export class VideoRegistered {
  @IsUUID() videoId: string;
  @IsString() @Length(1, VIDEO_LIMITS.creatorId) creatorId: string;
  @IsString() @Length(1, VIDEO_LIMITS.title) title: string;
  @IsString() @Length(2, VIDEO_LIMITS.language) language: string;
  @IsString() @Length(1, VIDEO_LIMITS.storageKey) storageKey: string;
  @IsInt() @Min(0) bytes: number;
  @IsString() @Length(1, 100) contentType: string;
}

/** Transcription is under way (attempts follow until it is transcribed or fails). */
export class VideoTranscriptionStarted {
  @IsUUID() videoId: string;
  @IsString() creatorId: string;
}

/** The transcript (with word timestamps) is stored beside the event; the event says what it holds. */
export class VideoTranscribed {
  @IsUUID() videoId: string;
  @IsString() creatorId: string;
  @IsInt() @Min(1) words: number;
  @IsNumber() @Min(0) durationSeconds: number;
  /** Parts the audio was split into for the provider's upload limit. */
  @IsInt() @Min(1) parts: number;
  @IsNumber() @Min(0) costUsd: number;
}

/** The transcript is cut into chunks (generation `generation`), stored and not yet searchable. */
export class VideoChunked {
  @IsUUID() videoId: string;
  @IsString() creatorId: string;
  @IsInt() @Min(1) generation: number;
  @IsInt() @Min(1) chunks: number;
  /** Set when a re-embed job asked for this generation (the active one stays searchable meanwhile). */
  @IsOptional() @IsUUID() reembedJobId?: string;
}

/** Every chunk of `generation` has its vector: the generation is what search now sees. */
export class VideoEmbedded {
  @IsUUID() videoId: string;
  @IsString() creatorId: string;
  @IsInt() @Min(1) generation: number;
  @IsString() model: string;
  @IsInt() @Min(1) @Max(65_536) dimensions: number;
  @IsInt() @Min(0) tokens: number;
  @IsNumber() @Min(0) costUsd: number;
  @IsOptional() @IsUUID() reembedJobId?: string;
}

/** A step failed for good; what it had half-written is not visible to search. */
export class VideoFailed {
  @IsUUID() videoId: string;
  @IsString() creatorId: string;
  @IsIn(VIDEO_STEPS) step: VideoStep;
  @IsString() @Length(1, VIDEO_LIMITS.reason) reason: string;
  @IsOptional() @IsUUID() reembedJobId?: string;
}

/** Asked to process a failed video again, from its first step. */
export class VideoRetried {
  @IsUUID() videoId: string;
  @IsString() creatorId: string;
}

const video = <E extends string, P>(event: E, payload: new () => P) =>
  defineEvent({ domain: 'transcription', aggregate: 'video', event, version: 1, payload });

export const videoRegistered = video('registered', VideoRegistered);
export const videoTranscriptionStarted = video('transcription-started', VideoTranscriptionStarted);
export const videoTranscribed = video('transcribed', VideoTranscribed);
export const videoChunked = video('chunked', VideoChunked);
export const videoEmbedded = video('embedded', VideoEmbedded);
export const videoFailed = video('failed', VideoFailed);
export const videoRetried = video('retried', VideoRetried);

export const REEMBED_ACTIONS = ['reembed', 'retry', 'skip'] as const;
export const REEMBED_OUTCOMES = ['reembedded', 'retried', 'skipped', 'failed'] as const;

/** A batch re-embedding of the listed videos (chosen by ids, by creator, or all failed). */
export class ReembedJobStarted {
  @IsUUID() jobId: string;
  @IsString() @Length(1, 200) selector: string;
  @IsArray() @ArrayMaxSize(VIDEO_LIMITS.reembedVideos) @IsUUID('all', { each: true }) videoIds: string[];
}

/** One video taken on: re-embedded (a completed one), retried from the start (a failed one), or skipped. */
export class ReembedJobVideoRequested {
  @IsUUID() jobId: string;
  @IsUUID() videoId: string;
  @IsIn(REEMBED_ACTIONS) action: (typeof REEMBED_ACTIONS)[number];
}

export class ReembedJobVideoFinished {
  @IsUUID() jobId: string;
  @IsUUID() videoId: string;
  @IsIn(REEMBED_OUTCOMES) outcome: (typeof REEMBED_OUTCOMES)[number];
  @IsOptional() @IsString() @Length(1, VIDEO_LIMITS.reason) reason?: string;
}

export class ReembedJobCompleted {
  @IsUUID() jobId: string;
  @IsInt() @Min(0) videos: number;
  @IsInt() @Min(0) failed: number;
}

const job = <E extends string, P>(event: E, payload: new () => P) =>
  defineEvent({ domain: 'transcription', aggregate: 'reembed-job', event, version: 1, payload });

export const reembedJobStarted = job('started', ReembedJobStarted);
export const reembedJobVideoRequested = job('video-requested', ReembedJobVideoRequested);
export const reembedJobVideoFinished = job('video-finished', ReembedJobVideoFinished);
export const reembedJobCompleted = job('completed', ReembedJobCompleted);

export const videoEvents = [videoRegistered, videoTranscriptionStarted, videoTranscribed, videoChunked, videoEmbedded, videoFailed, videoRetried, reembedJobStarted, reembedJobVideoRequested, reembedJobVideoFinished, reembedJobCompleted];

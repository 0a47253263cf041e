import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNumber, IsString, Min, ValidateNested } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';

export const SPEAKERS = ['AI', 'HUMAN'] as const;
export type Speaker = (typeof SPEAKERS)[number];

export class Utterance {
  @IsIn(SPEAKERS) speaker: Speaker;
  @IsString() text: string;
  /** Seconds from the start of the recording. */
  @IsNumber() start: number;
  @IsNumber() end: number;
}

/** The recording is kept in the transcription service's store; the event says it is there. */
export class RecordingDownloaded {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsInt() @Min(0) bytes: number;
}

export class TranscriptCompleted {
  @IsString() callId: string;
  @IsString() campaignId: string;
  @IsString() text: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Utterance) utterances: Utterance[];
  @IsNumber() durationSeconds: number;
}

export class TranscriptFailed {
  @IsString() callId: string;
  @IsString() campaignId: string;
  /** Why, for good: missing recording, unsupported format, too large, silence, or retries exhausted. */
  @IsString() reason: string;
}

export const recordingDownloaded = defineEvent({ domain: 'transcription', aggregate: 'transcript', event: 'recording-downloaded', version: 1, payload: RecordingDownloaded });
export const transcriptCompleted = defineEvent({ domain: 'transcription', aggregate: 'transcript', event: 'completed', version: 1, payload: TranscriptCompleted });
export const transcriptFailed = defineEvent({ domain: 'transcription', aggregate: 'transcript', event: 'failed', version: 1, payload: TranscriptFailed });

export const transcriptEvents = [recordingDownloaded, transcriptCompleted, transcriptFailed];

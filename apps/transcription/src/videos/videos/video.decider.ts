import {
  type NewEvent,
  type VideoChunked,
  videoChunked,
  type VideoEmbedded,
  videoEmbedded,
  type VideoFailed,
  videoFailed,
  type VideoRegistered,
  videoRegistered,
  type VideoRetried,
  videoRetried,
  type VideoStep,
  type VideoTranscribed,
  videoTranscribed,
  type VideoTranscriptionStarted,
  videoTranscriptionStarted,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type VideoStatus = 'PENDING' | 'TRANSCRIBING' | 'PROCESSING' | 'EMBEDDING' | 'COMPLETED' | 'FAILED';

export type VideoEvent =
  | NewEvent<VideoRegistered, typeof videoRegistered.type>
  | NewEvent<VideoTranscriptionStarted, typeof videoTranscriptionStarted.type>
  | NewEvent<VideoTranscribed, typeof videoTranscribed.type>
  | NewEvent<VideoChunked, typeof videoChunked.type>
  | NewEvent<VideoEmbedded, typeof videoEmbedded.type>
  | NewEvent<VideoFailed, typeof videoFailed.type>
  | NewEvent<VideoRetried, typeof videoRetried.type>;

export type VideoCommand =
  | ({ type: 'register' } & VideoRegistered)
  | { type: 'start-transcription' }
  | { type: 'complete-transcription'; words: number; durationSeconds: number; parts: number; costUsd: number }
  | { type: 'chunk'; chunks: number }
  | { type: 'complete-embedding'; generation: number; model: string; dimensions: number; tokens: number; costUsd: number }
  | { type: 'fail'; step: VideoStep; reason: string }
  | { type: 'retry' }
  /** A re-embed job's request: a completed video gets a new generation (its chunks again), a failed one a retry. */
  | { type: 'reembed'; jobId: string };

export interface VideoState {
  videoId?: string;
  creatorId?: string;
  status?: VideoStatus;
  /** The latest chunk generation written (searchable once embedded). */
  generation: number;
  chunks?: number;
  /** The re-embed job the generation being embedded is for. */
  reembedJobId?: string;
}

function decide(command: VideoCommand, state: VideoState): VideoEvent[] {
  const ids = { videoId: state.videoId!, creatorId: state.creatorId! };
  switch (command.type) {
    case 'register': {
      if (state.status) return [];
      const { type: _type, ...payload } = command;
      return [videoRegistered.create(payload)];
    }
    case 'start-transcription':
      return state.status === 'PENDING' ? [videoTranscriptionStarted.create(ids)] : [];
    case 'complete-transcription':
      if (state.status !== 'TRANSCRIBING') return [];
      return [videoTranscribed.create({ ...ids, words: command.words, durationSeconds: command.durationSeconds, parts: command.parts, costUsd: command.costUsd })];
    case 'chunk':
      // A new generation each time, so a retried video never mixes its chunks with an older attempt's.
      return state.status === 'PROCESSING' ? [videoChunked.create({ ...ids, generation: state.generation + 1, chunks: command.chunks })] : [];
    case 'complete-embedding': {
      if (state.status !== 'EMBEDDING' || command.generation !== state.generation) return [];
      const { type: _type, ...payload } = command;
      return [videoEmbedded.create({ ...ids, ...payload, ...job(state) })];
    }
    case 'fail':
      if (!state.status || state.status === 'COMPLETED' || state.status === 'FAILED') return [];
      return [videoFailed.create({ ...ids, step: command.step, reason: command.reason, ...job(state) })];
    case 'retry':
      return state.status === 'FAILED' ? [videoRetried.create(ids)] : [];
    case 'reembed':
      if (state.status === 'FAILED') return [videoRetried.create(ids)];
      if (state.status !== 'COMPLETED') return [];
      return [videoChunked.create({ ...ids, generation: state.generation + 1, chunks: state.chunks!, reembedJobId: command.jobId })];
  }
}

const job = (state: VideoState) => (state.reembedJobId ? { reembedJobId: state.reembedJobId } : {});

function evolve(state: VideoState, event: VideoEvent): VideoState {
  switch (event.type) {
    case videoRegistered.type:
      return { videoId: event.payload.videoId, creatorId: event.payload.creatorId, status: 'PENDING', generation: 0 };
    case videoTranscriptionStarted.type:
      return { ...state, status: 'TRANSCRIBING' };
    case videoTranscribed.type:
      return { ...state, status: 'PROCESSING' };
    case videoChunked.type:
      return { ...state, status: 'EMBEDDING', generation: event.payload.generation, chunks: event.payload.chunks, reembedJobId: event.payload.reembedJobId };
    case videoEmbedded.type:
      return { ...state, status: 'COMPLETED', reembedJobId: undefined };
    case videoFailed.type:
      return { ...state, status: 'FAILED', reembedJobId: undefined };
    case videoRetried.type:
      return { ...state, status: 'PENDING' };
  }
}

/**
 * A video: PENDING -> TRANSCRIBING -> PROCESSING (chunking) -> EMBEDDING -> COMPLETED, or FAILED
 * from any step, once; a failed video may be retried from the start. Each step's event is decided
 * once, so a redelivered step finds it done and does nothing.
 */
export const videoDecider: Decider<VideoCommand, VideoEvent, VideoState> = {
  initialState: () => ({ generation: 0 }),
  decide,
  evolve,
};

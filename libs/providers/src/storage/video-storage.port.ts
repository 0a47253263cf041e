import type { Readable } from 'node:stream';

export class StorageLimitError extends Error {
  override name = 'StorageLimitError';
}

/** A stored file as a path on this machine, and what to do when done with it. */
export interface LocalCopy {
  path: string;
  release(): Promise<void>;
}

/**
 * Where uploaded videos live, shared by the gateway (writes) and transcription (reads). A local
 * folder on one machine; an S3-compatible bucket (official AWS SDK) when replicas run on several.
 */
export abstract class VideoStoragePort {
  /** Keys are relative paths of safe characters: no `..`, no leading `/`. */
  static readonly KEY = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9_./-]{0,299}$/;

  /**
   * Streams `body` into `key`, visible only once complete (never half-written). Past `maxBytes`
   * it stops reading, stores nothing and rejects with StorageLimitError.
   */
  abstract write(key: string, body: Readable, maxBytes: number): Promise<{ bytes: number }>;
  /** Size of a stored file, or undefined when there is none. */
  abstract stat(key: string): Promise<{ bytes: number } | undefined>;
  /** The file on local disk (ffmpeg reads files): the stored file itself, or a downloaded copy. */
  abstract localCopy(key: string): Promise<LocalCopy>;
  abstract remove(key: string): Promise<void>;
}

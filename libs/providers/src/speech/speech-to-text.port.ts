export interface Transcript {
  text: string;
  durationSeconds: number;
  words: { word: string; start: number; end: number }[];
}

/** Speech to text with word timestamps (Whisper today). */
export abstract class SpeechToTextPort {
  /** The provider's upload limit: larger audio must be split by the caller or fails for good. */
  static readonly MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

  abstract transcribe(audio: Buffer, options: { filename: string; signal?: AbortSignal }): Promise<Transcript>;
}

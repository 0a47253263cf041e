import { NonRetriableError } from '@switchboard/durable';
import { SpeechToTextPort, splitWav, wavInfo } from '@switchboard/providers';
import type { TimedWord } from '../chunking/chunk-transcript.js';

export interface VideoTranscript {
  words: TimedWord[];
  durationSeconds: number;
  parts: number;
}

/** Whisper's price per minute of audio (USD). */
export const TRANSCRIPTION_USD_PER_MINUTE = 0.006;
/** Parts are kept a little under the provider's limit, for the form fields around the file. */
const PART_BYTES = SpeechToTextPort.MAX_UPLOAD_BYTES - 64 * 1024;

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Audio to timed words: audio over the upload limit is split at pauses into parts, each part
 * transcribed with word timestamps, and each part's words moved by the part's offset so the
 * transcript's times run on from one part to the next. No words at all is silence, for good.
 */
export async function transcribeVideoAudio(speech: SpeechToTextPort, audio: Buffer, name: string, signal?: AbortSignal): Promise<VideoTranscript> {
  const { durationSeconds } = wavInfo(audio);
  const parts = audio.length > SpeechToTextPort.MAX_UPLOAD_BYTES ? splitWav(audio, PART_BYTES) : [{ wav: audio, offsetSeconds: 0 }];
  const words: TimedWord[] = [];
  for (const [index, part] of parts.entries()) {
    const heard = await speech.transcribe(part.wav, { filename: `${name}-part${index + 1}.wav`, signal });
    for (const word of heard.words) {
      words.push({ word: word.word.trim(), start: round(word.start + part.offsetSeconds), end: round(word.end + part.offsetSeconds) });
    }
  }
  if (words.length === 0) throw new NonRetriableError('silence: the audio has no speech');
  return { words, durationSeconds: round(durationSeconds), parts: parts.length };
}

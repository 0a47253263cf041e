import { NonRetriableError } from '@switchboard/durable';
import { SNIFF_BYTES, sniffMediaType, SpeechToTextPort, splitWav, wavInfo } from '@switchboard/providers';
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
/** Whisper tells formats by the file's extension: the one for each kind of staged audio. */
const EXTENSIONS: Record<string, string> = { 'audio/wav': 'wav', 'video/mp4': 'm4a', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg', 'audio/flac': 'flac' };

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Audio to timed words. Audio that fits in one upload is sent as it is (WAV or a compressed track
 * copied from the video); PCM WAV over the limit is split at pauses into parts, each part
 * transcribed with word timestamps, and each part's words moved by the part's offset so the
 * transcript's times run on from one part to the next. No words at all is silence, for good.
 */
export async function transcribeVideoAudio(speech: SpeechToTextPort, audio: Buffer, name: string, signal?: AbortSignal): Promise<VideoTranscript> {
  const extension = EXTENSIONS[sniffMediaType(audio.subarray(0, SNIFF_BYTES)) ?? ''];
  if (!extension) throw new NonRetriableError(`${name}: not audio Whisper reads (m4a, mp3, ogg, flac or WAV)`);
  const whole = audio.length <= SpeechToTextPort.MAX_UPLOAD_BYTES;
  if (!whole && extension !== 'wav') throw new NonRetriableError(`${name}: ${audio.length} bytes of ${extension}, over the 25 MB upload limit (only PCM WAV is split)`);
  const parts = whole ? [{ wav: audio, offsetSeconds: 0 }] : splitWav(audio, PART_BYTES);
  const words: TimedWord[] = [];
  let heardSeconds = 0;
  for (const [index, part] of parts.entries()) {
    const filename = whole ? `${name}.${extension}` : `${name}-part${index + 1}.wav`;
    const heard = await speech.transcribe(part.wav, { filename, signal });
    for (const word of heard.words) {
      words.push({ word: word.word.trim(), start: round(word.start + part.offsetSeconds), end: round(word.end + part.offsetSeconds) });
    }
    heardSeconds = Math.max(heardSeconds, part.offsetSeconds + heard.durationSeconds);
  }
  if (words.length === 0) throw new NonRetriableError('silence: the audio has no speech');
  // A WAV's length is in its header; a compressed track's is what the provider measured (and bills).
  const durationSeconds = extension === 'wav' ? wavInfo(audio).durationSeconds : heardSeconds;
  return { words, durationSeconds: round(durationSeconds), parts: parts.length };
}

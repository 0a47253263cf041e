import { wav } from './dialogue-wav.js';

/**
 * Speech for video test media that survives real audio processing (ffmpeg encoding to AAC, audio
 * extraction or copying into another container, resampling, splitting): each word is a burst of four tones, one per decimal digit of
 * the word's position in the script (DIGIT_BASE_HZ + digit * DIGIT_STEP_HZ), and the script's text
 * rides in the file's comment (base64url). The simulated Whisper hears the bursts in whatever part
 * of the audio it is sent (a WAV, or compressed audio it has ffmpeg decode), decodes each word's position and answers that word with the burst's
 * time in *that* part; silence or a file without the comment hears nothing.
 */
export const SPOKEN_SAMPLE_RATE = 8_000;
const DIGITS = 4;
const DIGIT_SECONDS = 0.08;
const GAP_SECONDS = 0.1;
const LEAD_SECONDS = 0.5;
const DIGIT_BASE_HZ = 500;
const DIGIT_STEP_HZ = 150;
const AMPLITUDE = 8_000;
const COMMENT = 'switchboard-video:';
export const MAX_SPOKEN_WORDS = 10 ** DIGITS;
export const WORD_SECONDS = DIGITS * DIGIT_SECONDS + GAP_SECONDS;

export interface HeardWord {
  word: string;
  start: number;
  end: number;
}

/** A mono 16-bit WAV of `text` spoken in tone bursts, with the script in its comment. */
export function spokenWav(text: string): Buffer {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > MAX_SPOKEN_WORDS) throw new Error(`at most ${MAX_SPOKEN_WORDS} words`);
  const seconds = LEAD_SECONDS * 2 + words.length * WORD_SECONDS;
  const pcm = Buffer.alloc(Math.ceil(seconds * SPOKEN_SAMPLE_RATE) * 2);
  words.forEach((_, index) => {
    const digits = String(index).padStart(DIGITS, '0');
    const wordStart = LEAD_SECONDS + index * WORD_SECONDS;
    [...digits].forEach((digit, d) => {
      const frequency = DIGIT_BASE_HZ + Number(digit) * DIGIT_STEP_HZ;
      const first = Math.round((wordStart + d * DIGIT_SECONDS) * SPOKEN_SAMPLE_RATE);
      const count = Math.round(DIGIT_SECONDS * SPOKEN_SAMPLE_RATE);
      for (let i = 0; i < count; i++) {
        pcm.writeInt16LE(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * frequency * i) / SPOKEN_SAMPLE_RATE)), (first + i) * 2);
      }
    });
  });
  return wav(pcm, 1, `${COMMENT}${Buffer.from(text, 'utf8').toString('base64url')}`);
}

/** Longest comment a script of MAX_SPOKEN_WORDS words makes, with room to spare. */
const MAX_COMMENT_BYTES = 512 * 1024;

/**
 * The script an audio file carries in its comment, if it is spoken test media: a WAV's INFO chunk,
 * or the metadata ffmpeg copies into m4a, mp3, ogg or flac. Found in the bytes, not decoded from a
 * string of the whole file (19 MB for ten minutes of WAV).
 */
export function spokenScript(file: Buffer): string[] | undefined {
  const at = file.indexOf(COMMENT, 0, 'latin1');
  if (at < 0) return undefined;
  const found = /^[A-Za-z0-9_-]+/.exec(file.toString('latin1', at + COMMENT.length, at + COMMENT.length + MAX_COMMENT_BYTES));
  return found ? Buffer.from(found[0], 'base64url').toString('utf8').split(/\s+/).filter(Boolean) : undefined;
}

/** The 16-bit samples of a mono PCM WAV and their rate. */
export function wavSamples(file: Buffer): { samples: Int16Array; sampleRate: number } {
  return { samples: int16View(file.subarray(file.indexOf('data') + 8)), sampleRate: file.readUInt32LE(24) };
}

/** Little-endian 16-bit samples as an Int16Array: a view of the same memory when aligned, else a copy (of whole samples). */
export function int16View(bytes: Buffer): Int16Array {
  const count = Math.floor(bytes.length / 2);
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, count);
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * 2));
}

/** The words heard in mono 16-bit audio (any sample rate from 8 kHz up), timed from its own start. */
export function hearWords({ samples, sampleRate }: { samples: Int16Array; sampleRate: number }, script: string[]): HeardWord[] {
  const frame = Math.round(sampleRate * 0.01);
  const voiced: boolean[] = [];
  // Every other sample is enough for a frame's energy (at 8 kHz and up the highest tone, 1850 Hz, is
  // still under half their rate, and the threshold is far below a tone's energy): it halves what the
  // simulator spends hearing ten minutes of audio, CPU a real provider would not take from the system.
  for (let at = 0; at + frame <= samples.length; at += frame) {
    let energy = 0;
    for (let i = at; i < at + frame; i += 2) energy += samples[i] * samples[i];
    voiced.push(Math.sqrt(energy / Math.ceil(frame / 2)) > AMPLITUDE / 8);
  }
  const heard: HeardWord[] = [];
  for (let f = 0; f < voiced.length; ) {
    if (!voiced[f]) {
      f++;
      continue;
    }
    let end = f;
    while (end < voiced.length && voiced[end]) end++;
    const frames = end - f;
    // A burst cut by the edge of a part is not a whole word: a cut made at a pause never does that.
    if (frames >= DIGITS * DIGIT_SECONDS * 100 * 0.8 && frames <= DIGITS * DIGIT_SECONDS * 100 * 1.3) {
      const index = Number([...Array(DIGITS).keys()].map((d) => digitAt(samples, sampleRate, (f + (d + 0.5) * (frames / DIGITS)) * frame)).join(''));
      if (script[index] !== undefined) heard.push({ word: script[index], start: round((f * frame) / sampleRate), end: round((end * frame) / sampleRate) });
    }
    f = end;
  }
  return heard;
}

/** The digit a tone encodes, from its zero-crossing rate around `centre` (a sample index). */
function digitAt(samples: Int16Array, sampleRate: number, centre: number): number {
  const half = Math.floor(sampleRate * DIGIT_SECONDS * 0.3);
  let crossings = 0;
  for (let i = Math.max(1, Math.round(centre) - half); i < Math.min(samples.length, Math.round(centre) + half); i++) {
    if (samples[i - 1] < 0 !== samples[i] < 0) crossings++;
  }
  const frequency = (crossings / 2) * (sampleRate / (2 * half));
  return Math.min(9, Math.max(0, Math.round((frequency - DIGIT_BASE_HZ) / DIGIT_STEP_HZ)));
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

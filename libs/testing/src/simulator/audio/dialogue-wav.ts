/**
 * Recordings made of scripted dialogue: a dual-channel 16-bit PCM WAV with a tone burst per word
 * on the speaker's channel (agent left at 440 Hz, callee right at 660 Hz), so audio code meets
 * real audio, and a LIST/INFO comment naming the recording so the simulated transcription knows
 * which words were "said". Nothing is downloaded.
 */

export type Speaker = 'agent' | 'callee';

export interface Turn {
  speaker: Speaker;
  text: string;
}

export interface TimedWord {
  speaker: Speaker;
  word: string;
  start: number;
  end: number;
}

export const SAMPLE_RATE = 8_000;
export const TONES: Record<Speaker, number> = { agent: 440, callee: 660 };
const WORD_SECONDS = 0.3;
const GAP_SECONDS = 0.4;
const LEAD_SECONDS = 0.5;

/** When each word is said. */
export function wordTimeline(turns: Turn[]): TimedWord[] {
  const words: TimedWord[] = [];
  let at = LEAD_SECONDS;
  for (const turn of turns) {
    for (const word of turn.text.split(/\s+/).filter(Boolean)) {
      words.push({ speaker: turn.speaker, word, start: round(at), end: round(at + WORD_SECONDS * 0.9) });
      at += WORD_SECONDS;
    }
    at += GAP_SECONDS;
  }
  return words;
}

export function dialogueWav(turns: Turn[], comment: string): Buffer {
  const words = wordTimeline(turns);
  const seconds = (words.at(-1)?.end ?? 0) + LEAD_SECONDS;
  const frames = Math.ceil(seconds * SAMPLE_RATE);
  const pcm = Buffer.alloc(frames * 4);
  // Interleaved little-endian samples (the machine's order); Buffer.alloc is never pooled, so aligned.
  const samples = new Int16Array(pcm.buffer, pcm.byteOffset, frames * 2);
  for (const word of words) {
    const channel = word.speaker === 'agent' ? 0 : 1;
    const period = tonePeriod(TONES[word.speaker]);
    for (let frame = Math.floor(word.start * SAMPLE_RATE); frame < word.end * SAMPLE_RATE && frame < frames; frame++) {
      samples[frame * 2 + channel] = period[frame % period.length];
    }
  }
  return wav(pcm, 2, comment);
}

const periods = new Map<number, Int16Array>();

/**
 * One whole period of a tone's samples at SAMPLE_RATE (a recording repeats it: 250 calls' audio is
 * synthesized with a table lookup a sample rather than a sine, CPU the simulator takes from the
 * system it stands beside).
 */
function tonePeriod(frequency: number): Int16Array {
  let period = periods.get(frequency);
  if (!period) {
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
    period = Int16Array.from({ length: SAMPLE_RATE / gcd(frequency, SAMPLE_RATE) }, (_, frame) =>
      Math.round(8_000 * Math.sin((2 * Math.PI * frequency * frame) / SAMPLE_RATE)),
    );
    periods.set(frequency, period);
  }
  return period;
}

/** A PCM WAV with an INFO/ICMT comment chunk. */
export function wav(pcm: Buffer, channels: number, comment: string): Buffer {
  const text = Buffer.from(`${comment}\0`, 'utf8');
  const padded = Buffer.concat([text, Buffer.alloc(text.length % 2)]);
  const info = Buffer.concat([Buffer.from('INFO'), chunk('ICMT', padded)]);
  const format = Buffer.alloc(16);
  format.writeUInt16LE(1, 0);
  format.writeUInt16LE(channels, 2);
  format.writeUInt32LE(SAMPLE_RATE, 4);
  format.writeUInt32LE(SAMPLE_RATE * channels * 2, 8);
  format.writeUInt16LE(channels * 2, 12);
  format.writeUInt16LE(16, 14);
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', format), chunk('LIST', info), chunk('data', pcm)]);
  return Buffer.concat([Buffer.from('RIFF'), uint32(body.length), body]);
}

function chunk(id: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(id), uint32(data.length), data]);
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value, 0);
  return buffer;
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;

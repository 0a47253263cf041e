import { describe, expect, it } from 'vitest';
import { splitChannels, splitWav, wavInfo } from './wav.js';

const RATE = 8_000;

/** A 16-bit PCM WAV at RATE with a comment (LIST) chunk before its data, as recorders write them. */
function wavFile(channels: number, pcm: Buffer, comment: Buffer): Buffer {
  const chunk = (id: string, data: Buffer) => Buffer.concat([Buffer.from(id), Buffer.from(new Uint32Array([data.length]).buffer), data]);
  const format = Buffer.alloc(16);
  format.writeUInt16LE(1, 0);
  format.writeUInt16LE(channels, 2);
  format.writeUInt32LE(RATE, 4);
  format.writeUInt32LE(RATE * 2 * channels, 8);
  format.writeUInt16LE(2 * channels, 12);
  format.writeUInt16LE(16, 14);
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', format), chunk('LIST', comment), chunk('data', pcm)]);
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from(new Uint32Array([body.length]).buffer), body]);
}

/** A mono 16-bit WAV: one-second tone bursts with 0.3 s of silence between, and a comment chunk. */
function bursts(count: number): Buffer {
  const samples: number[] = [];
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < RATE; i++) samples.push(Math.round(8_000 * Math.sin((2 * Math.PI * 440 * i) / RATE)));
    for (let i = 0; i < RATE * 0.3; i++) samples.push(0);
  }
  const pcm = Buffer.alloc(samples.length * 2);
  samples.forEach((sample, i) => pcm.writeInt16LE(sample, i * 2));
  return wavFile(1, pcm, Buffer.from('INFOICMT\u0004\u0000\u0000\u0000note'));
}

const dataOf = (wav: Buffer) => wav.subarray(wav.indexOf('data') + 8);

describe('splitting a WAV by size', () => {
  it('keeps every part under the limit, every sample once and in order, and the metadata in each part', () => {
    const wav = bursts(20);
    const parts = splitWav(wav, 64 * 1024);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) {
      expect(part.wav.length).toBeLessThanOrEqual(64 * 1024);
      expect(part.wav.toString('latin1')).toContain('note');
      expect(wavInfo(part.wav)).toMatchObject({ channels: 1, sampleRate: RATE, bitsPerSample: 16 });
    }
    expect(Buffer.concat(parts.map((p) => dataOf(p.wav))).equals(dataOf(wav))).toBe(true);
  });

  it('cuts in a pause, not through a burst, and gives each part its offset', () => {
    const parts = splitWav(bursts(20), 64 * 1024);
    let offset = 0;
    for (const [i, part] of parts.entries()) {
      expect(part.offsetSeconds).toBeCloseTo(offset, 6);
      offset += wavInfo(part.wav).durationSeconds;
      if (i === 0) continue;
      // Every later part starts, and the one before it ends, with 100 ms of silence: the cut fell mid-pause.
      const head = dataOf(part.wav).subarray(0, RATE * 0.1 * 2);
      const tail = dataOf(parts[i - 1].wav).subarray(-RATE * 0.1 * 2);
      for (let at = 0; at < head.length; at += 2) expect(head.readInt16LE(at) === 0 && tail.readInt16LE(at) === 0).toBe(true);
    }
  });

  it('refuses what it cannot split by size', () => {
    expect(() => splitWav(bursts(1), 1_000)).toThrow(/less than a second/);
  });
});

describe('splitting a WAV into its channels', () => {
  /** Stereo 16-bit frames (left, right) with a comment chunk, starting at `offset` bytes into its memory. */
  function stereo(frames: [number, number][], offset: number): Buffer {
    const pcm = Buffer.alloc(frames.length * 4);
    frames.forEach(([left, right], i) => {
      pcm.writeInt16LE(left, i * 4);
      pcm.writeInt16LE(right, i * 4 + 2);
    });
    const wav = wavFile(2, pcm, Buffer.from('INFOICMT\u0003\u0000\u0000\u0000ab\u0000\u0000'));
    const memory = Buffer.alloc(wav.length + offset);
    wav.copy(memory, offset);
    return memory.subarray(offset);
  }

  it.each([0, 1])('gives each channel its samples, signed and in order, with the metadata (data %i byte(s) into memory)', (offset) => {
    const frames: [number, number][] = [[1, -1], [-32768, 32767], [300, -300], [0, 12345]];
    const [left, right] = splitChannels(stereo(frames, offset));
    for (const [channel, wav] of [left, right].entries()) {
      expect(wavInfo(wav)).toMatchObject({ channels: 1, sampleRate: RATE, bitsPerSample: 16, durationSeconds: frames.length / RATE });
      expect(wav.toString('latin1')).toContain('INFOICMT');
      const data = dataOf(wav);
      expect(frames.map((_, i) => data.readInt16LE(i * 2))).toEqual(frames.map((frame) => frame[channel]));
    }
  });
});

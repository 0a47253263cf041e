/** Just enough of WAV for our recordings: PCM 16-bit, read by chunks, split into channels. */

interface Chunk {
  id: string;
  data: Buffer;
}

export interface WavInfo {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  durationSeconds: number;
}

function chunks(wav: Buffer): Chunk[] {
  if (wav.length < 12 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  const found: Chunk[] = [];
  for (let at = 12; at + 8 <= wav.length; ) {
    const size = wav.readUInt32LE(at + 4);
    found.push({ id: wav.toString('ascii', at, at + 4), data: wav.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size % 2);
  }
  return found;
}

export function wavInfo(wav: Buffer): WavInfo {
  const all = chunks(wav);
  const format = all.find((c) => c.id === 'fmt ')?.data;
  const data = all.find((c) => c.id === 'data')?.data;
  if (!format || !data) throw new Error('WAV without fmt or data chunk');
  const channels = format.readUInt16LE(2);
  const sampleRate = format.readUInt32LE(4);
  const bitsPerSample = format.readUInt16LE(14);
  return { channels, sampleRate, bitsPerSample, durationSeconds: data.length / (sampleRate * channels * (bitsPerSample / 8)) };
}

/** One mono WAV per channel, other chunks (metadata) kept as they were. */
export function splitChannels(wav: Buffer): Buffer[] {
  const all = chunks(wav);
  const { channels, bitsPerSample } = wavInfo(wav);
  if (bitsPerSample !== 16) throw new Error(`only 16-bit PCM can be split, got ${bitsPerSample}-bit`);
  const samples = int16Samples(all.find((c) => c.id === 'data')!.data);
  const frames = Math.floor(samples.length / channels);
  return Array.from({ length: channels }, (_, channel) => {
    // A typed-array copy: per-sample readInt16LE/writeInt16LE cost ~10 ms of CPU a minute of
    // stereo audio, on the path that holds a transcription slot (bench/call-batch).
    const mono = Buffer.alloc(frames * 2);
    const out = new Int16Array(mono.buffer, mono.byteOffset, frames);
    for (let frame = 0, at = channel; frame < frames; frame++, at += channels) out[frame] = samples[at];
    const rebuilt = all.map((c) => {
      if (c.id === 'data') return { id: c.id, data: mono };
      if (c.id !== 'fmt ') return c;
      const format = Buffer.from(c.data);
      format.writeUInt16LE(1, 2);
      format.writeUInt32LE(format.readUInt32LE(4) * 2, 8);
      format.writeUInt16LE(2, 12);
      return { id: c.id, data: format };
    });
    const body = Buffer.concat([
      Buffer.from('WAVE'),
      ...rebuilt.map((c) => {
        const header = Buffer.alloc(8);
        header.write(c.id, 0, 'ascii');
        header.writeUInt32LE(c.data.length, 4);
        return Buffer.concat([header, c.data, Buffer.alloc(c.data.length % 2)]);
      }),
    ]);
    const riff = Buffer.alloc(8);
    riff.write('RIFF', 0, 'ascii');
    riff.writeUInt32LE(body.length, 4);
    return Buffer.concat([riff, body]);
  });
}

/**
 * Little-endian 16-bit samples (WAV's order, and the machine's: x86 and ARM) as an Int16Array: a
 * view of the same memory when aligned, else an aligned copy. Buffer.alloc is never pooled, so its
 * offset is 0.
 */
function int16Samples(bytes: Buffer): Int16Array {
  const count = Math.floor(bytes.length / 2);
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, count);
  const aligned = Buffer.alloc(count * 2);
  bytes.copy(aligned, 0, 0, count * 2);
  return new Int16Array(aligned.buffer, aligned.byteOffset, count);
}

/** One part of a split WAV and where it starts in the whole. */
export interface WavPart {
  wav: Buffer;
  offsetSeconds: number;
}

/**
 * Splits a mono 16-bit PCM WAV into WAVs of at most `maxBytes` each (metadata chunks kept in
 * every part), cutting each in the middle of the quietest stretch in the last tenth of what fits,
 * so that a cut falls in a pause rather than through a word.
 */
export function splitWav(wav: Buffer, maxBytes: number): WavPart[] {
  const all = chunks(wav);
  const { channels, bitsPerSample, sampleRate } = wavInfo(wav);
  if (channels !== 1 || bitsPerSample !== 16) throw new Error('only mono 16-bit PCM can be split by size');
  const data = all.find((c) => c.id === 'data')!.data;
  const others = all.filter((c) => c.id !== 'data');
  const overhead = 12 + others.reduce((sum, c) => sum + 8 + c.data.length + (c.data.length % 2), 0) + 8;
  const maxSamples = Math.floor((maxBytes - overhead) / 2);
  if (maxSamples < sampleRate) throw new Error('maxBytes leaves less than a second of audio per part');
  const window = Math.max(1, Math.round(sampleRate * 0.02));
  const parts: WavPart[] = [];
  const total = data.length / 2;
  for (let from = 0; from < total; ) {
    let to = Math.min(total, from + maxSamples);
    if (to < total) to = quietestPoint(data, to - Math.floor(maxSamples / 10), to, window);
    const body = Buffer.concat([Buffer.from('WAVE'), ...others.map(encodeChunk), encodeChunk({ id: 'data', data: data.subarray(from * 2, to * 2) })]);
    const riff = Buffer.alloc(8);
    riff.write('RIFF', 0, 'ascii');
    riff.writeUInt32LE(body.length, 4);
    parts.push({ wav: Buffer.concat([riff, body]), offsetSeconds: from / sampleRate });
    from = to;
  }
  return parts;
}

/**
 * Where to cut between samples `from` and `to`: the middle of the quietest stretch of 20 ms
 * windows (a whole pause, when there is one, so neither part begins or ends mid-word).
 */
function quietestPoint(data: Buffer, from: number, to: number, window: number): number {
  const energies: { at: number; energy: number }[] = [];
  for (let at = from; at + window <= to; at += window) {
    let energy = 0;
    for (let i = at; i < at + window; i++) energy += Math.abs(data.readInt16LE(i * 2));
    energies.push({ at, energy });
  }
  const quietest = Math.min(...energies.map((e) => e.energy));
  let best = { start: to, length: 0 };
  for (let i = 0; i < energies.length; ) {
    if (energies[i].energy !== quietest) {
      i++;
      continue;
    }
    let end = i;
    while (end < energies.length && energies[end].energy === quietest) end++;
    if (end - i > best.length) best = { start: energies[i].at, length: end - i };
    i = end;
  }
  return best.start + Math.floor((best.length * window) / 2);
}

function encodeChunk(c: Chunk): Buffer {
  const header = Buffer.alloc(8);
  header.write(c.id, 0, 'ascii');
  header.writeUInt32LE(c.data.length, 4);
  return Buffer.concat([header, c.data, Buffer.alloc(c.data.length % 2)]);
}

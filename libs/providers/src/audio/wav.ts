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
  const data = all.find((c) => c.id === 'data')!.data;
  const frameBytes = channels * 2;
  return Array.from({ length: channels }, (_, channel) => {
    const mono = Buffer.alloc(data.length / channels);
    for (let frame = 0; frame * frameBytes < data.length; frame++) {
      mono.writeInt16LE(data.readInt16LE(frame * frameBytes + channel * 2), frame * 2);
    }
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

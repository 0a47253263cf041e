import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPOKEN_SAMPLE_RATE, spokenWav } from '../simulator/audio/spoken-words.js';
import { ffmpeg } from './ffmpeg.js';

/**
 * Real video files for tests and the demo, made with ffmpeg: a tiny black picture (MPEG-4 part 2)
 * and the script spoken as the simulator's tone-burst speech, encoded to AAC in an MP4. `silent`
 * makes the audio track all silence (same length). The script rides in the file's comment.
 * `bytes` makes the file about that large with a picture of noise at the bitrate it takes (an
 * incompressible picture is the cheap way to a big, real video: 200 MB encodes in seconds).
 */
export async function makeVideo(path: string, text: string, options: { silent?: boolean; bytes?: number } = {}): Promise<void> {
  const wavPath = join(tmpdir(), `spoken-${randomUUID()}.wav`);
  const audio = spokenWav(text);
  const comment = /switchboard-video:[A-Za-z0-9_-]+/.exec(audio.toString('latin1'))![0];
  if (options.silent) audio.fill(0, audio.indexOf('data') + 8);
  await writeFile(wavPath, audio);
  try {
    await ffmpeg([
      ...['-f', 'lavfi', '-i', options.bytes ? 'color=c=gray:s=320x240:r=10,noise=alls=100:allf=t' : 'color=c=black:s=64x64:r=2'],
      ...['-i', wavPath, '-map', '0:v', '-map', '1:a', '-shortest', '-c:v', 'mpeg4', ...(options.bytes ? pictureRate(options.bytes, audio.length) : [])],
      ...['-c:a', 'aac', '-b:a', '64k', '-metadata', `comment=${comment}`, '-f', 'mp4', path],
    ]);
  } finally {
    await rm(wavPath, { force: true });
  }
}

/** Constant-rate video options that make `bytes` in all beside 64 kb/s of audio, for a WAV of `wavBytes`. */
function pictureRate(bytes: number, wavBytes: number): string[] {
  const seconds = wavBytes / (SPOKEN_SAMPLE_RATE * 2);
  const rate = `${Math.round((bytes * 8) / seconds / 1000 - 64)}k`;
  return ['-b:v', rate, '-minrate', rate, '-maxrate', rate, '-bufsize', rate];
}

/** Bytes that start like an MP4 (so sniffing accepts them) and are not one. */
export async function makeCorruptVideo(path: string): Promise<void> {
  const header = Buffer.from('0000001c667479706d703432000000006d70343269736f6d', 'hex');
  await writeFile(path, Buffer.concat([header, Buffer.alloc(64 * 1024, 0x5a)]));
}

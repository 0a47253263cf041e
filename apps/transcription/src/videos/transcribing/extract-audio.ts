import { NonRetriableError } from '@switchboard/durable';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whisper's own rate: 16 kHz mono keeps speech whole at 32 KB a second (25 MB is ~13.6 min). */
const SAMPLE_RATE = 16_000;

/**
 * The first audio track of a media file as 16 kHz mono 16-bit PCM WAV (metadata kept), by the
 * machine's ffmpeg. What ffmpeg cannot read fails for good with its reason: no audio track, or a
 * corrupt/unsupported file. ffmpeg missing is retriable: the machine, not the video, is at fault.
 */
export function extractAudio(inputPath: string, signal?: AbortSignal): Promise<Buffer> {
  return withExtractedAudio(inputPath, (wavPath) => readFile(wavPath), signal);
}

/** `use` given the extracted WAV as a temporary file, removed once `use` is done with it. */
export async function withExtractedAudio<T>(inputPath: string, use: (wavPath: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const output = join(tmpdir(), `audio-${randomUUID()}.wav`);
  try {
    const args = ['-nostdin', '-v', 'error', '-y', '-i', inputPath, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', output];
    const { code, stderr } = await run('ffmpeg', args, signal);
    if (code !== 0) throw reasonFor(stderr);
    return await use(output);
  } finally {
    await rm(output, { force: true });
  }
}

function reasonFor(stderr: string): Error {
  const first = stderr.split('\n').find((line) => line.trim())?.replace(inputPathPrefix, '').trim().slice(0, 300) ?? 'no output';
  if (/matches no streams|does not contain any stream/i.test(stderr)) return new NonRetriableError('no audio track: the file has no audio to transcribe');
  if (/Invalid data found|moov atom not found|could not find codec|Invalid argument|End of file/i.test(stderr)) {
    return new NonRetriableError(`corrupt or unsupported media: ${first}`);
  }
  return new NonRetriableError(`ffmpeg could not read the media: ${first}`);
}

/** ffmpeg prefixes errors with the input path, which says nothing to the video's owner. */
const inputPathPrefix = /^\S+:\s/;

function run(command: string, args: string[], signal?: AbortSignal): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], signal });
    let stderr = '';
    child.stderr.on('data', (part: Buffer) => {
      if (stderr.length < 8_192) stderr += part.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error('ffmpeg is not installed on this machine (npm run infra installs it)') : error),
    );
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

import { NonRetriableError } from '@switchboard/durable';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whisper's own rate: 16 kHz mono keeps speech whole at 32 KB a second (25 MB is ~13.6 min). */
const SAMPLE_RATE = 16_000;

/** How ffmpeg copies a track, unchanged, into a container Whisper takes. */
interface Copy {
  args: string[];
  extension: string;
}

/**
 * AAC, nearly every video's audio, into m4a. The aac_adtstoasc filter takes AAC only, so this one
 * run both checks the codec and copies the track (and it makes ADTS AAC, from MPEG-TS, fit MP4).
 */
const AAC_COPY: Copy = { args: ['-bsf:a', 'aac_adtstoasc', '-f', 'ipod'], extension: 'm4a' };
/**
 * The other codecs Whisper reads, each into its own container, where the copy keeps every sample
 * where it was. Not MP3: copied out of AVI or Matroska into .mp3, its encoder delay is signalled
 * afresh and decoders start it up to half a second early; MP3 tracks are decoded into WAV.
 */
const OTHER_COPIES: Record<string, Copy> = {
  opus: { args: ['-f', 'ogg'], extension: 'ogg' },
  vorbis: { args: ['-f', 'ogg'], extension: 'ogg' },
  flac: { args: ['-f', 'flac'], extension: 'flac' },
};

const tempPath = (extension: string) => join(tmpdir(), `audio-${randomUUID()}.${extension}`);

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
  const output = tempPath('wav');
  try {
    const args = ['-nostdin', '-v', 'error', '-y', '-i', inputPath, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-c:a', 'pcm_s16le', '-f', 'wav', output];
    const { code, stderr } = await run('ffmpeg', args, signal);
    if (code !== 0) throw reasonFor(stderr);
    return await use(output);
  } finally {
    await rm(output, { force: true });
  }
}

/**
 * `use` given the first audio track as a file Whisper reads, as cheaply as it comes: the track
 * copied as it is (no decoding, no encoding) into its codec's container when Whisper reads the
 * codec and the file fits in one upload of `maxBytes`; else extracted as 16 kHz mono WAV, which
 * the transcriber splits. Copied, ten minutes of a video's AAC is 3-10 MB instead of 19 MB of PCM.
 * AAC takes one ffmpeg run; other codecs a probe first. Fails like `extractAudio` on what ffmpeg
 * cannot read.
 */
export async function withAudioForWhisper<T>(inputPath: string, maxBytes: number, use: (path: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
  const aac = await withCopiedTrack(inputPath, AAC_COPY, maxBytes, use, signal);
  if (aac.copied) return aac.result;
  if (!aac.tooLarge) {
    // Not AAC (or not readable: the probe says why).
    const other = OTHER_COPIES[await audioCodecOf(inputPath, signal)];
    const copied = other && (await withCopiedTrack(inputPath, other, maxBytes, use, signal));
    if (copied && copied.copied) return copied.result;
  }
  return withExtractedAudio(inputPath, use, signal);
}

type Copied<T> = { copied: true; result: T } | { copied: false; tooLarge: boolean };

/** `use` given the first audio track copied by `copy`, unless ffmpeg refuses it or it is over `maxBytes`. */
async function withCopiedTrack<T>(inputPath: string, copy: Copy, maxBytes: number, use: (path: string) => Promise<T>, signal?: AbortSignal): Promise<Copied<T>> {
  const output = tempPath(copy.extension);
  try {
    const { code } = await run('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-i', inputPath, '-map', '0:a:0', '-vn', '-c:a', 'copy', ...copy.args, output], signal);
    if (code !== 0) return { copied: false, tooLarge: false };
    if ((await stat(output)).size > maxBytes) return { copied: false, tooLarge: true };
    return { copied: true, result: await use(output) };
  } finally {
    await rm(output, { force: true });
  }
}

/** The codec of the first audio track (ffprobe), e.g. `aac`; no audio track and unreadable files fail as in extraction. */
async function audioCodecOf(inputPath: string, signal?: AbortSignal): Promise<string> {
  const { code, stdout, stderr } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', inputPath], signal);
  if (code !== 0) throw reasonFor(stderr);
  const codec = stdout.trim();
  if (!codec) throw new NonRetriableError('no audio track: the file has no audio to transcribe');
  return codec;
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

function run(command: 'ffmpeg' | 'ffprobe', args: string[], signal?: AbortSignal): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (part: Buffer) => {
      if (stdout.length < 8_192) stdout += part.toString();
    });
    child.stderr.on('data', (part: Buffer) => {
      if (stderr.length < 8_192) stderr += part.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`${command} is not installed on this machine (npm run infra installs ffmpeg, which brings it)`) : error),
    );
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

import { SpeechToTextPort, type VideoStoragePort } from '@switchboard/providers';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extractAudio, withAudioForWhisper } from './extract-audio.js';

/** A WAV's own limit (its sizes are 32-bit): staged audio is never refused for its size. */
const MAX_STAGED_BYTES = 2 ** 32;

/**
 * Where a video's extracted audio waits for transcription, beside the videos in their storage. No
 * extension: it is m4a, ogg, flac or WAV, and the transcriber tells which from its bytes.
 */
export const stagedAudioKey = (videoId: string): string => `audio/${videoId}`;

/**
 * Extracts a video's audio into storage ahead of its transcription: ffmpeg's CPU is spent while
 * the video waits for one of its creator's ten transcription slots, not inside one, so a slot
 * waits on Whisper only. Storage, not a local folder, because another replica may transcribe it.
 * The audio track is staged as it is when Whisper reads it in one upload (`maxBytes`), so the slot
 * reads and sends a few MB, not 19 MB of PCM per ten minutes; else as WAV, to be split.
 */
export async function stageAudio(
  storage: VideoStoragePort,
  videoKey: string,
  videoId: string,
  signal?: AbortSignal,
  maxBytes = SpeechToTextPort.MAX_UPLOAD_BYTES,
): Promise<void> {
  const video = await storage.localCopy(videoKey);
  try {
    await withAudioForWhisper(video.path, maxBytes, (audioPath) => storage.write(stagedAudioKey(videoId), createReadStream(audioPath), MAX_STAGED_BYTES), signal);
  } finally {
    await video.release();
  }
}

/**
 * The staged audio; extracted from the video now (as WAV) when none is staged (removed by a
 * transcription whose commit then failed, or a video taken in before audio was staged).
 */
export async function stagedAudio(storage: VideoStoragePort, videoKey: string, videoId: string, signal?: AbortSignal): Promise<Buffer> {
  const staged = (await storage.stat(stagedAudioKey(videoId))) !== undefined;
  const file = await storage.localCopy(staged ? stagedAudioKey(videoId) : videoKey);
  try {
    return staged ? await readFile(file.path) : await extractAudio(file.path, signal);
  } finally {
    await file.release();
  }
}

import { NonRetriableError } from '@switchboard/durable';
import { LocalVideoStorage, OpenAiSpeechToText, sniffMediaType, SpeechToTextPort } from '@switchboard/providers';
import { ffmpeg, makeVideo, ProviderSimulator, SIMULATOR_OPENAI_KEY } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAudio } from './extract-audio.js';
import { stageAudio, stagedAudio } from './staged-audio.js';
import { transcribeVideoAudio } from './transcribe-video.js';

let simulator: ProviderSimulator;
let speech: OpenAiSpeechToText;
let storageDir: string;
let storage: LocalVideoStorage;
const files: string[] = [];
beforeAll(async () => {
  simulator = await ProviderSimulator.start({ port: 0 });
  speech = new OpenAiSpeechToText({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl });
  storageDir = await mkdtemp(join(tmpdir(), 'staged-'));
  storage = new LocalVideoStorage(storageDir);
});
afterAll(async () => {
  await simulator.stop();
  await Promise.all([...files, storageDir].map((file) => rm(file, { force: true, recursive: true })));
});

const tempFile = (extension: string) => {
  const path = join(tmpdir(), `transcribe-${randomUUID()}.${extension}`);
  files.push(path);
  return path;
};

/** `path` staged for transcription as the intake does (through storage), then read back as the transcriber does. */
async function staged(path: string, maxBytes?: number): Promise<Buffer> {
  const key = `videos/${basename(path)}`;
  await storage.write(key, createReadStream(path), 2 ** 32);
  const videoId = randomUUID();
  await stageAudio(storage, key, videoId, undefined, maxBytes);
  return stagedAudio(storage, key, videoId);
}

/** 300 words, 0.42 s each after a 0.5 s lead: about two minutes of speech. */
const script = Array.from({ length: 300 }, (_, i) => `s${i}${i % 12 === 11 ? '.' : ''}`);
const expectScript = (words: { word: string; start: number }[]) => {
  expect(words.map((w) => w.word)).toEqual(script);
  words.forEach((word, i) => expect(word.start).toBeCloseTo(0.5 + i * 0.42, 1));
};

describe('transcribing a video (ffmpeg extraction, Whisper through the OpenAI SDK, against the simulator)', () => {
  it('splits audio over 25 MB at pauses and stitches the parts: every word once, in order, times monotonic', async () => {
    // 2,100 words at 0.42 s a word is 14.7 minutes: 28 MB of 16 kHz mono PCM once extracted.
    const words = Array.from({ length: 2_100 }, (_, i) => `w${i}${i % 12 === 11 ? '.' : ''}`);
    const path = tempFile('mp4');
    await makeVideo(path, words.join(' '));
    const audio = await extractAudio(path);
    expect(audio.length).toBeGreaterThan(SpeechToTextPort.MAX_UPLOAD_BYTES);

    const transcript = await transcribeVideoAudio(speech, audio, 'long');
    expect(transcript.parts).toBe(2);
    expect(transcript.words.map((w) => w.word)).toEqual(words);
    for (let i = 1; i < transcript.words.length; i++) {
      expect(transcript.words[i].start).toBeGreaterThan(transcript.words[i - 1].end);
      expect(transcript.words[i].end).toBeGreaterThan(transcript.words[i].start);
    }
    // Times run on across the cut: each word where the script put it (0.5 s lead, 0.42 s a word).
    transcript.words.forEach((word, i) => expect(word.start).toBeCloseTo(0.5 + i * 0.42, 1));
    expect(transcript.durationSeconds).toBeGreaterThan(14 * 60);
  }, 120_000);

  it("stages a video's AAC track as it is (m4a, no PCM) and transcribes it in one upload, times and duration intact", async () => {
    const path = tempFile('mp4');
    await makeVideo(path, script.join(' '));
    const audio = await staged(path);
    expect(sniffMediaType(audio)).toBe('video/mp4');
    // The track copied, not decoded: a fraction of the 16 kHz PCM the same speech makes.
    expect(audio.length).toBeLessThan((await extractAudio(path)).length / 3);

    const transcript = await transcribeVideoAudio(speech, audio, 'copied');
    expect(transcript.parts).toBe(1);
    expectScript(transcript.words);
    expect(transcript.durationSeconds).toBeCloseTo(1 + 300 * 0.42, 0);

    // Another codec Whisper reads goes into its own container, also as it is: WebM's Opus into Ogg.
    const opus = tempFile('webm');
    await ffmpeg(['-i', path, '-vn', '-c:a', 'libopus', '-b:a', '24k', opus]);
    const copied = await staged(opus);
    expect(sniffMediaType(copied)).toBe('audio/ogg');
    expectScript((await transcribeVideoAudio(speech, copied, 'opus')).words);
  }, 60_000);

  it('stages 16 kHz WAV when the copied track would not fit in one upload, or its codec is not copied as it is (PCM, MP3)', async () => {
    const path = tempFile('mp4');
    await makeVideo(path, script.join(' '));
    const tooLarge = await staged(path, 10_000);
    expect(sniffMediaType(tooLarge)).toBe('audio/wav');
    expectScript((await transcribeVideoAudio(speech, tooLarge, 'too-large')).words);

    // PCM in Matroska: no container Whisper takes holds it as it is.
    const pcm = tempFile('mkv');
    await ffmpeg(['-i', path, '-c:v', 'copy', '-c:a', 'pcm_s16le', pcm]);
    const decoded = await staged(pcm);
    expect(sniffMediaType(decoded)).toBe('audio/wav');
    expectScript((await transcribeVideoAudio(speech, decoded, 'pcm')).words);

    // MP3, which a copy would shift in time (its encoder delay): decoded, every word where it was said.
    const mp3 = tempFile('avi');
    await ffmpeg(['-i', path, '-c:v', 'copy', '-c:a', 'libmp3lame', '-b:a', '32k', mp3]);
    const heard = await staged(mp3);
    expect(sniffMediaType(heard)).toBe('audio/wav');
    expect((await transcribeVideoAudio(speech, heard, 'mp3')).words.map((w) => w.word)).toEqual(script);
  }, 60_000);

  it('fails for good, with the reason, on silence, on a corrupt file, and on media without an audio track', async () => {
    const silent = tempFile('mp4');
    await makeVideo(silent, 'nothing will be heard of this', { silent: true });
    await expect(transcribeVideoAudio(speech, await extractAudio(silent), 'silent')).rejects.toThrow(/^silence/);
    await expect(transcribeVideoAudio(speech, await staged(silent), 'silent')).rejects.toThrow(/^silence/);

    const corrupt = tempFile('mp4');
    await writeFile(corrupt, Buffer.concat([Buffer.from('0000001c667479706d703432', 'hex'), Buffer.alloc(4096, 7)]));
    const reading = extractAudio(corrupt);
    await expect(reading).rejects.toBeInstanceOf(NonRetriableError);
    await expect(reading).rejects.toThrow(/^corrupt or unsupported media/);
    const staging = staged(corrupt);
    await expect(staging).rejects.toBeInstanceOf(NonRetriableError);
    await expect(staging).rejects.toThrow(/^corrupt or unsupported media/);

    const pictureOnly = tempFile('png');
    await writeFile(pictureOnly, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex'));
    await expect(extractAudio(pictureOnly)).rejects.toThrow(/^no audio track/);
    await expect(staged(pictureOnly)).rejects.toThrow(/^no audio track/);
  }, 60_000);
});

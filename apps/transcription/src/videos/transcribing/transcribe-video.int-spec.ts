import { NonRetriableError } from '@switchboard/durable';
import { OpenAiSpeechToText, SpeechToTextPort } from '@switchboard/providers';
import { makeVideo, ProviderSimulator, SIMULATOR_OPENAI_KEY } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractAudio } from './extract-audio.js';
import { transcribeVideoAudio } from './transcribe-video.js';

let simulator: ProviderSimulator;
let speech: OpenAiSpeechToText;
const files: string[] = [];
beforeAll(async () => {
  simulator = await ProviderSimulator.start({ port: 0 });
  speech = new OpenAiSpeechToText({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl });
});
afterAll(async () => {
  await simulator.stop();
  await Promise.all(files.map((file) => rm(file, { force: true })));
});

const tempFile = (extension: string) => {
  const path = join(tmpdir(), `transcribe-${randomUUID()}.${extension}`);
  files.push(path);
  return path;
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

  it('fails for good, with the reason, on silence, on a corrupt file, and on media without an audio track', async () => {
    const silent = tempFile('mp4');
    await makeVideo(silent, 'nothing will be heard of this', { silent: true });
    await expect(transcribeVideoAudio(speech, await extractAudio(silent), 'silent')).rejects.toThrow(/^silence/);

    const corrupt = tempFile('mp4');
    await writeFile(corrupt, Buffer.concat([Buffer.from('0000001c667479706d703432', 'hex'), Buffer.alloc(4096, 7)]));
    const reading = extractAudio(corrupt);
    await expect(reading).rejects.toBeInstanceOf(NonRetriableError);
    await expect(reading).rejects.toThrow(/^corrupt or unsupported media/);

    const pictureOnly = tempFile('png');
    await writeFile(pictureOnly, Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex'));
    await expect(extractAudio(pictureOnly)).rejects.toThrow(/^no audio track/);
  }, 60_000);
});

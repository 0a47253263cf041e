import { makeCorruptVideo, makeVideo } from '@switchboard/testing';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoHarness } from './test-support/video-harness.js';
import { stagedAudioKey } from './transcribing/staged-audio.js';

const harness = new VideoHarness();
beforeAll(() => harness.start(), 60_000);
afterAll(() => harness.stop());

const sentence = (topic: string, i: number) => `Lesson ${i} explains ${topic} step by step for beginners.`;
/** A script of `sentences` sentences about a three-word `topic` (eleven words each). */
const script = (topic: string, sentences: number) => Array.from({ length: sentences }, (_, i) => sentence(topic, i)).join(' ');

async function stored(key: string, make: (path: string) => Promise<void>): Promise<string> {
  const path = harness.pathOf(key);
  await mkdir(dirname(path), { recursive: true });
  await make(path);
  return key;
}

const final = (videoId: string) =>
  expect.poll(() => harness.statusOf(videoId), { timeout: 90_000, interval: 250 }).toMatch(/^(COMPLETED|FAILED)$/);

describe('a video, from storage to search', () => {
  it('is transcribed from its audio, chunked with times, embedded in batches and found by search; usage is recorded', async () => {
    const key = await stored('creator-a/sourdough.mp4', (path) => makeVideo(path, script('sourdough bread fermentation', 90)));
    const videoId = await harness.register(key, 'creator-a', 'Sourdough basics');
    await final(videoId);
    const video = await harness.video(videoId);
    expect(video).toMatchObject({ status: 'COMPLETED', words: 990, failureReason: null });
    expect(video.chunkCount).toBe(1);
    // The audio staged for transcription is gone once transcribed.
    expect(existsSync(harness.pathOf(stagedAudioKey(videoId)))).toBe(false);

    const chunks = await harness.query<{ start_seconds: number; end_seconds: number; dims: number; model: string }>(
      `SELECT start_seconds, end_seconds, array_length(embedding, 1) AS dims, model FROM "${harness.schema}".video_chunks WHERE video_id = $1`,
      [videoId],
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ start_seconds: 0.5, dims: 256, model: 'text-embedding-3-small' });
    expect(chunks[0].end_seconds).toBeGreaterThan(250);

    const other = await stored('creator-a/knots.mp4', (path) => makeVideo(path, script('sailing knots and rope handling', 70)));
    const otherId = await harness.register(other, 'creator-a', 'Knots');
    await final(otherId);
    const { results, strategy } = await harness.command<{ strategy: string; results: { videoId: string; title: string; snippet: string; startSeconds: number }[] }>(
      'transcription.video.search',
      { q: 'how does sourdough fermentation work', creatorId: 'creator-a', limit: 5 },
    );
    const pgvector = (await harness.query(`SELECT 1 FROM pg_extension WHERE extname = 'vector'`)).length > 0;
    expect(strategy).toBe(pgvector ? 'pgvector-hnsw' : 'exact-scan');
    expect(results[0]).toMatchObject({ videoId, title: 'Sourdough basics' });
    expect(results[0].snippet).toContain('<mark>');
    // Another creator's search sees none of it.
    expect((await harness.command<{ results: unknown[] }>('transcription.video.search', { q: 'sourdough', creatorId: 'creator-b', limit: 5 })).results).toEqual([]);

    const usage = await harness.command<{ audioMinutes: number; embeddingTokens: number; costUsd: number; byDay: unknown[] }>('transcription.creator.usage', {
      creatorId: 'creator-a',
    });
    expect(usage.audioMinutes).toBeGreaterThan(9);
    expect(usage.embeddingTokens).toBeGreaterThan(1000);
    expect(usage.costUsd).toBeGreaterThan(0.05);
    expect(usage.byDay).toHaveLength(1);
  }, 150_000);

  it('fails a corrupt file and a silent one with their step and reason, and leaves search nothing of them', async () => {
    const corruptId = await harness.register(await stored('creator-c/broken.mp4', makeCorruptVideo), 'creator-c', 'Broken');
    const silentId = await harness.register(await stored('creator-c/silent.mp4', (path) => makeVideo(path, script('quiet', 20), { silent: true })), 'creator-c', 'Silent');
    await final(corruptId);
    await final(silentId);
    expect(await harness.video(corruptId)).toMatchObject({ status: 'FAILED', failureStep: 'transcribe', failureReason: expect.stringMatching(/corrupt/) });
    expect(await harness.video(silentId)).toMatchObject({ status: 'FAILED', failureStep: 'transcribe', failureReason: expect.stringMatching(/silence/) });
    const failedEvents = await harness.query(`SELECT 1 FROM "${harness.schema}".events WHERE type = 'transcription.video.failed' AND stream_id = ANY($1)`, [
      [`video-${corruptId}`, `video-${silentId}`],
    ]);
    expect(failedEvents).toHaveLength(2);
    expect([corruptId, silentId].filter((id) => existsSync(harness.pathOf(stagedAudioKey(id))))).toEqual([]);
    expect((await harness.command<{ results: unknown[] }>('transcription.video.search', { q: 'quiet lesson', creatorId: 'creator-c', limit: 5 })).results).toEqual([]);
  }, 150_000);

  it('backs off on an embeddings 429 and then completes, with no chunk embedded twice', async () => {
    harness.simulator.state.setFault('openai.embeddings', { status: 429, retryAfterSeconds: 1, times: 1 });
    const videoId = await harness.register(await stored('creator-d/tea.mp4', (path) => makeVideo(path, script('green tea brewing', 40))), 'creator-d', 'Tea');
    await final(videoId);
    expect(await harness.statusOf(videoId)).toBe('COMPLETED');
    // The 429, then the same batch again once: nothing embedded before the fault was sent twice.
    const embeddingCalls = harness.simulator.state.requests.filter((r) => r.endpoint === 'openai.embeddings' && JSON.stringify(r.body).includes('green tea'));
    expect(embeddingCalls).toHaveLength(2);
    const [{ embedded }] = await harness.query<{ embedded: number }>(
      `SELECT count(*)::int AS embedded FROM "${harness.schema}".video_chunks WHERE video_id = $1 AND embedding IS NOT NULL`,
      [videoId],
    );
    expect(embedded).toBe(1);
  }, 150_000);
});

import { makeVideo } from '@switchboard/testing';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoHarness } from '../test-support/video-harness.js';
import { RELEVANCE_CORPUS } from './relevance-corpus.js';
import type { SearchHit } from './video-search.js';

const harness = new VideoHarness();
const CREATOR = 'relevance-creator';
const videoIds = new Map<string, string>();

beforeAll(async () => {
  await harness.start();
  await mkdir(harness.pathOf('corpus'), { recursive: true });
  for (const [i, lesson] of RELEVANCE_CORPUS.entries()) {
    await makeVideo(harness.pathOf(`corpus/${i}.mp4`), lesson.text);
    videoIds.set(lesson.title, await harness.register(`corpus/${i}.mp4`, CREATOR, lesson.title));
  }
}, 240_000);
afterAll(() => harness.stop());

describe('search relevance on a corpus of 20 lessons', () => {
  it('puts the lesson that answers a question in the top 3 for at least 18 of 20 questions', async () => {
    await expect
      .poll(async () => (await Promise.all([...videoIds.values()].map((id) => harness.statusOf(id)))).filter((s) => s === 'COMPLETED').length, {
        timeout: 150_000,
        interval: 500,
      })
      .toBe(RELEVANCE_CORPUS.length);
    const misses: string[] = [];
    for (const lesson of RELEVANCE_CORPUS) {
      const { results } = await harness.command<{ results: SearchHit[] }>('transcription.video.search', { q: lesson.question, creatorId: CREATOR, limit: 3 });
      if (!results.some((hit) => hit.videoId === videoIds.get(lesson.title))) misses.push(`${lesson.question} -> ${results.map((r) => r.title).join(', ')}`);
    }
    expect(misses.length, misses.join('\n')).toBeLessThanOrEqual(2);
  }, 180_000);
});

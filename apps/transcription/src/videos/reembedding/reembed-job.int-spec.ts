import { makeVideo } from '@switchboard/testing';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../search/video-search.js';
import { VideoHarness } from '../test-support/video-harness.js';

const harness = new VideoHarness();
const CREATOR = 'reembed-creator';
const lessons = [
  { topic: 'Beekeeping', text: 'Inspect the beehive frames for brood, honey stores and signs of the queen every week in spring.' },
  { topic: 'Ceramics', text: 'Centre the clay on the pottery wheel before opening it, and keep your hands wet while throwing the bowl.' },
  { topic: 'Astronomy', text: 'Let your eyes adapt to darkness for twenty minutes before looking for faint galaxies through the telescope.' },
];
const ids: string[] = [];

beforeAll(async () => {
  await harness.start();
  await mkdir(harness.pathOf('re'), { recursive: true });
  for (const [i, lesson] of lessons.entries()) {
    await makeVideo(harness.pathOf(`re/${i}.mp4`), Array.from({ length: 12 }, () => lesson.text).join(' '));
    ids.push(await harness.register(`re/${i}.mp4`, CREATOR, lesson.topic));
  }
}, 120_000);
afterAll(() => harness.stop());

const found = async (question: string, videoId: string) =>
  (await harness.command<{ results: SearchHit[] }>('transcription.video.search', { q: question, creatorId: CREATOR, limit: 3 })).results.some((r) => r.videoId === videoId);

describe('a batch re-embedding job', () => {
  it('stopped midway resumes on another replica; every video stays searchable throughout (blue/green)', async () => {
    await expect.poll(async () => (await Promise.all(ids.map((id) => harness.statusOf(id)))).every((s) => s === 'COMPLETED'), { timeout: 90_000 }).toBe(true);
    const questions = ['how often do I inspect a beehive', 'how do I centre clay on the wheel', 'how long to adapt eyes for the telescope'];
    for (const [i, question] of questions.entries()) expect(await found(question, ids[i])).toBe(true);

    await harness.startReplica();
    // Each embedding batch now takes 2 s: the job is still at work when the first instance stops.
    harness.simulator.state.setFault('openai.embeddings', { latencyMs: 2_000, times: 1_000 });
    const jobId = randomUUID();
    await harness.command('transcription.reembed-job.start', { jobId, creatorId: CREATOR });

    let searching = true;
    const misses: string[] = [];
    const watcher = (async () => {
      while (searching) {
        for (const [i, question] of questions.entries()) if (!(await found(question, ids[i]))) misses.push(question);
      }
    })();
    const job = () => harness.command<{ status: string; total: number; requested: number; reembedded: number; failed: number }>('transcription.reembed-job.get', { jobId });
    await expect.poll(async () => (await job()).requested, { timeout: 30_000, interval: 100 }).toBeGreaterThan(0);
    expect((await job()).reembedded).toBeLessThan(3);
    await harness.stopFirst();

    await expect.poll(async () => (await job()).status, { timeout: 120_000, interval: 250 }).toBe('COMPLETED');
    searching = false;
    await watcher;
    expect(await job()).toMatchObject({ total: 3, requested: 3, reembedded: 3, failed: 0 });
    expect(misses).toEqual([]);

    const generations = await harness.query<{ generation: number; vectors: number }>(
      `SELECT generation, count(*) FILTER (WHERE embedding IS NOT NULL)::int AS vectors FROM "${harness.schema}".video_chunks WHERE video_id = ANY($1) GROUP BY generation`,
      [ids],
    );
    expect(generations).toEqual([{ generation: 2, vectors: 3 }]);
    const requests = await harness.query(`SELECT 1 FROM "${harness.schema}".events WHERE stream_id = $1 AND type = 'transcription.reembed-job.video-requested'`, [`reembed-job-${jobId}`]);
    expect(requests).toHaveLength(3);
  }, 240_000);
});

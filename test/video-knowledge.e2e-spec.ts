import { makeVideo } from '@switchboard/testing';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVideoDemo } from '../scripts/demo/run-video-demo.js';
import { isFinal, type SearchResult, uploadVideo, type VideoView } from '../scripts/demo/video-client.js';
import { SystemUnderTest, TEST_API_KEY } from '../scripts/system/system-under-test.js';

let system: SystemUnderTest;
let storage: string;

beforeAll(async () => {
  storage = await mkdtemp(join(tmpdir(), 'e2e-videos-'));
  system = await SystemUnderTest.start({ VIDEO_STORAGE_DIR: storage });
}, 240_000);
afterAll(async () => {
  await system?.stop();
  await rm(storage, { recursive: true, force: true });
});

const CREATOR = randomUUID();
const topics = ['composting kitchen scraps', 'tuning a bicycle derailleur', 'brewing cold coffee'];

describe('video knowledge, whole system', () => {
  it('completes a video whose transcription service is SIGKILLed mid-embedding, with no chunk or vector twice', async () => {
    // 2,720 words: six chunks of about 500 words (each ends at the first sentence end past 500), one embedding batch.
    const script = topics.flatMap((topic) => Array.from({ length: 80 }, (_, i) => `Part ${i} of this guide covers ${topic} in detail.`)).join(' ');
    const path = join(storage, `source-${randomUUID()}.mp4`);
    await makeVideo(path, script);
    // The embedding batch takes 8 s: time to kill the service while it waits for it.
    system.simulator.state.setFault('openai.embeddings', { latencyMs: 8_000, times: 1 });
    const uploaded = await uploadVideo(system.gateway, path, { creatorId: CREATOR, title: 'Three guides' }, TEST_API_KEY);
    expect(uploaded.status).toBe(202);
    const videoId = uploaded.body.id;

    const embeddingRequests = () => system.simulator.state.requests.filter((r) => r.endpoint === 'openai.embeddings').length;
    await expect.poll(embeddingRequests, { timeout: 90_000, interval: 100 }).toBe(1);
    await system.kill('transcription');
    await system.startService('transcription');

    const video = () => system.gateway.ok<VideoView & { transcript: unknown[] }>('GET', `/v1/videos/${videoId}`);
    await expect.poll(async () => isFinal(await video()), { timeout: 120_000, interval: 500 }).toBe(true);
    expect(await video()).toMatchObject({ status: 'COMPLETED', chunkCount: 6, words: 2_720 });

    const chunks = await system.query<{ generation: number; position: number; dims: number }>(
      'transcription',
      'SELECT generation, position, array_length(embedding, 1) AS dims FROM $schema.video_chunks WHERE video_id = $1 ORDER BY position',
      [videoId],
    );
    expect(chunks).toEqual([0, 1, 2, 3, 4, 5].map((position) => ({ generation: 1, position, dims: 256 })));
    const steps = await system.query<{ type: string }>('transcription', 'SELECT type FROM $schema.events WHERE stream_id = $1 ORDER BY stream_position', [`video-${videoId}`]);
    expect(steps.map((s) => s.type.replace('transcription.video.', ''))).toEqual(['registered', 'transcription-started', 'transcribed', 'chunked', 'embedded']);

    const search = await system.gateway.ok<{ results: SearchResult[] }>('GET', `/v1/videos/search?q=${encodeURIComponent('how do I adjust the derailleur on my bike')}&creatorId=${CREATOR}&limit=3`);
    expect(search.results[0]).toMatchObject({ videoId, title: 'Three guides' });
    expect(search.results[0].snippet).toMatch(/<mark>derailleur<\/mark>/);
    // The derailleur guide is the second third of the video.
    expect(search.results[0].startSeconds).toBeGreaterThan(250);
    expect(search.results[0].endSeconds).toBeLessThan(900);
  }, 300_000);

  it('runs `npm run demo -- video`: three lessons found by their questions, the silent and corrupt ones failed with reasons', async () => {
    const lines: string[] = [];
    const result = await runVideoDemo({ gatewayUrl: system.gateway.baseUrl, apiKey: TEST_API_KEY, simulatorUrl: system.simulator.baseUrl }, (line) => lines.push(line));
    expect(result.videos.map((v) => v.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'FAILED']);
    expect(result.videos[3].failureReason).toMatch(/^silence/);
    expect(result.videos[4].failureReason).toMatch(/^corrupt/);
    expect(result.searches.map((s) => s.results[0]?.title)).toEqual(['Pruning fruit trees', 'Caring for your bicycle', 'Baking sourdough at home']);
    expect(result.usage.costUsd).toBeGreaterThan(0);
    expect(lines.some((line) => line.startsWith('failed: A broken file at transcribe'))).toBe(true);
  }, 300_000);

  it('resumes a re-embed job after transcription is SIGKILLed midway: every video once, none ever missing from search', async () => {
    const creatorId = randomUUID();
    const lessons = [
      'Inspect the beehive frames for brood, honey stores and signs of the queen every week in spring.',
      'Centre the clay on the pottery wheel before opening it, and keep your hands wet while throwing the bowl.',
      'Let your eyes adapt to darkness for twenty minutes before looking for faint galaxies through the telescope.',
      'Sharpen the chisel on a water stone, keeping the bevel flat until a burr forms along the edge.',
    ];
    const questions = ['how often do I inspect a beehive', 'how do I centre clay on the wheel', 'how long to adapt eyes for the telescope', 'how do I sharpen a chisel'];
    const ids: string[] = [];
    for (const [i, lesson] of lessons.entries()) {
      const path = join(storage, `lesson-${randomUUID()}.mp4`);
      await makeVideo(path, Array.from({ length: 12 }, () => lesson).join(' '));
      ids.push((await uploadVideo(system.gateway, path, { creatorId, title: `Lesson ${i}` }, TEST_API_KEY)).body.id);
    }
    const statuses = () => Promise.all(ids.map(async (id) => (await system.gateway.ok<VideoView>('GET', `/v1/videos/${id}`)).status));
    await expect.poll(statuses, { timeout: 120_000, interval: 500 }).toEqual(ids.map(() => 'COMPLETED'));
    const searchFor = (q: string) => system.gateway.request<{ results: SearchResult[] }>('GET', `/v1/videos/search?q=${encodeURIComponent(q)}&creatorId=${creatorId}&limit=3`);
    for (const [i, question] of questions.entries()) expect((await searchFor(question)).body.results.map((r) => r.videoId)).toContain(ids[i]);

    // Each batch takes 3 s (two embed at once): the job is midway for several seconds.
    system.simulator.state.setFault('openai.embeddings', { latencyMs: 3_000, times: 1_000 });
    const started = await system.gateway.request<{ id: string }>('POST', '/v1/videos/reembed', { creatorId });
    expect(started.status).toBe(202);
    const job = () => system.gateway.ok<{ status: string; total: number; requested: number; reembedded: number; failed: number }>('GET', `/v1/videos/reembed/${started.body.id}`);

    // Search polled throughout. While the only transcription process is dead its search cannot answer (an
    // error, counted apart); whenever it answers, each video must be found by its question.
    let searching = true;
    const misses: string[] = [];
    let unanswered = 0;
    const watcher = (async () => {
      while (searching) {
        for (const [i, question] of questions.entries()) {
          const answer = await searchFor(question);
          if (answer.status !== 200) unanswered++;
          else if (!answer.body.results.some((r) => r.videoId === ids[i])) misses.push(question);
        }
      }
    })();
    await expect.poll(async () => (await job()).reembedded, { timeout: 60_000, interval: 100 }).toBeGreaterThan(0);
    const atKill = await job();
    expect(atKill.reembedded).toBeLessThan(4);
    await system.kill('transcription');
    await system.startService('transcription');

    await expect.poll(async () => (await job()).status, { timeout: 180_000, interval: 500 }).toBe('COMPLETED');
    searching = false;
    await watcher;
    system.simulator.state.reset();
    expect(await job()).toMatchObject({ total: 4, requested: 4, reembedded: 4, failed: 0 });
    expect(misses, `unanswered while down: ${unanswered}`).toEqual([]);

    // One generation left per video, its one chunk copied once and holding one vector.
    const chunks = await system.query<{ video_id: string; generation: number; chunks: number; vectors: number }>(
      'transcription',
      `SELECT video_id, generation, count(*)::int AS chunks, count(embedding)::int AS vectors
       FROM $schema.video_chunks WHERE video_id = ANY($1) GROUP BY video_id, generation ORDER BY video_id`,
      [ids],
    );
    expect(chunks).toEqual([...ids].sort().map((video_id) => ({ video_id, generation: 2, chunks: 1, vectors: 1 })));
    const requested = await system.query('transcription', "SELECT 1 FROM $schema.events WHERE stream_id = $1 AND type = 'transcription.reembed-job.video-requested'", [`reembed-job-${started.body.id}`]);
    expect(requested).toHaveLength(4);
  }, 420_000);

  it('re-embeds a creator\'s videos from the CLI, following the job with a progress bar to the end', async () => {
    const port = new URL(system.gateway.baseUrl).port;
    const child = spawn(process.execPath, ['--import', '@swc-node/register/esm-register', 'scripts/videos/reembed.ts', '--creator', CREATOR], {
      env: { ...process.env, GATEWAY_PORT: port, SWITCHBOARD_API_KEY: TEST_API_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (part: Buffer) => (output += part.toString()));
    child.stderr.on('data', (part: Buffer) => (output += part.toString()));
    const [code] = await once(child, 'exit');
    expect(code, output).toBe(0);
    expect(output).toMatch(/re-embed job [0-9a-f-]{36}: 1 videos/);
    const chunks = await system.query<{ generation: number }>('transcription', "SELECT DISTINCT c.generation FROM $schema.video_chunks c JOIN $schema.videos v USING (video_id) WHERE v.creator_id = $1", [CREATOR]);
    expect(chunks).toEqual([{ generation: 2 }]);
  }, 120_000);
});

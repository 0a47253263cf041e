import { makeVideo } from '@switchboard/testing';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoHarness } from '../test-support/video-harness.js';
import { VIDEO_TRANSCRIPTIONS_PER_CREATOR } from './video-transcribe.handler.js';

const harness = new VideoHarness();
beforeAll(async () => {
  await harness.start();
  await harness.startReplica();
}, 90_000);
afterAll(() => harness.stop());

describe("a creator's transcriptions across two replicas", () => {
  it('never run more than ten at once, and all complete', async () => {
    const original = harness.pathOf('busy/original.mp4');
    await mkdir(dirname(original), { recursive: true });
    await makeVideo(original, 'Short clip about keyed concurrency limits across replicas.');
    // Each transcription takes 1.5 s at the provider: enough for the two replicas' twenty slots to overlap.
    harness.simulator.state.setFault('openai.transcriptions', { latencyMs: 1_500, times: 1_000 });
    const ids: string[] = [];
    for (let i = 0; i < 24; i++) {
      await copyFile(original, harness.pathOf(`busy/clip-${i}.mp4`));
      ids.push(await harness.register(`busy/clip-${i}.mp4`, 'busy-creator', `Clip ${i}`));
    }
    await expect
      .poll(async () => (await Promise.all(ids.map((id) => harness.statusOf(id)))).filter((s) => s === 'COMPLETED').length, { timeout: 120_000, interval: 500 })
      .toBe(ids.length);
    const peak = harness.simulator.state.peakInFlight.get('openai.transcriptions') ?? 0;
    expect(peak).toBeLessThanOrEqual(VIDEO_TRANSCRIPTIONS_PER_CREATOR);
    // The cap, not a lack of work, is what held it: well over one replica's worth ran at once.
    expect(peak).toBeGreaterThan(VIDEO_TRANSCRIPTIONS_PER_CREATOR / 2);
  }, 180_000);
});

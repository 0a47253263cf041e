import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { WorkerProcess } from '../test-support/worker.process.js';

const fixture = new WorkerFixture();
let replicas: WorkerProcess[] = [];

beforeAll(async () => {
  await fixture.prepare();
  replicas = [new WorkerProcess(fixture.settings), new WorkerProcess(fixture.settings)];
  // Two processes starting at once on a busy machine take a while.
  await Promise.all(replicas.map((replica) => replica.ready(110_000)));
}, 120_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.kill()));
  await fixture.ns.dispose();
});

/** The most intervals that overlap at any one moment. */
function peakOverlap(intervals: { started_at: Date; finished_at: Date }[]): number {
  const edges = intervals.flatMap((i) => [
    [i.started_at.getTime(), 1],
    [i.finished_at.getTime(), -1],
  ]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let peak = 0;
  for (const [, change] of edges) peak = Math.max(peak, (running += change));
  return peak;
}

const busiestWindow = (starts: number[], windowMs: number) =>
  Math.max(...starts.map((from) => starts.filter((t) => t >= from && t < from + windowMs).length));

describe('flow control on handlers, two replicas', () => {
  it('keyed rate limit and keyed concurrency hold across replicas; nothing is dropped', async () => {
    await fixture.queueJobs(Array.from({ length: 15 }, () => ({ key: 'campaign-1', workMs: 100 })));
    await expect.poll(async () => (await fixture.jobs()).length, { timeout: 20_000 }).toBe(15);
    const jobs = await fixture.jobs();
    // 800 ms rather than 1 s: a handler starts a little after its admission, more so under load.
    // Unlimited, all 15 would start within a few hundred ms.
    expect(busiestWindow(jobs.map((j) => j.started_at.getTime()), 800)).toBeLessThanOrEqual(5);
    expect(peakOverlap(jobs)).toBeLessThanOrEqual(2);
  });

  it('the global cap (max ack pending 4) is never exceeded under load', async () => {
    await fixture.queueJobs(Array.from({ length: 16 }, (_, i) => ({ key: `solo-${i}`, workMs: 250 })));
    await expect.poll(async () => (await fixture.jobs()).filter((j) => j.key.startsWith('solo-')).length, {
      timeout: 20_000,
    }).toBe(16);
    const solo = (await fixture.jobs()).filter((j) => j.key.startsWith('solo-'));
    expect(peakOverlap(solo)).toBeLessThanOrEqual(4);
    expect(new Set(solo.map((j) => j.pid)).size).toBe(2);
    expect(peakOverlap(solo)).toBeGreaterThanOrEqual(3);
  });
});

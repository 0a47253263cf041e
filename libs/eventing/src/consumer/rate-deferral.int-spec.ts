import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAIR_RATE } from '../test-support/fair-worker.app.js';
import { WorkerFixture } from '../test-support/worker.fixture.js';
import { WorkerProcess } from '../test-support/worker.process.js';

const FAIR_MAIN = 'libs/eventing/src/test-support/fair-worker.main.ts';
const BACKLOG = 16;
/** Generous: two processes boot at once on a shared, busy machine. */
const STARTUP_MS = 90_000;
const fixture = new WorkerFixture();
const replicas: WorkerProcess[] = [];

const startReplica = async () => {
  const replica = new WorkerProcess(fixture.settings, {}, FAIR_MAIN);
  replicas.push(replica);
  await replica.ready(STARTUP_MS);
  return replica;
};

beforeAll(async () => {
  await fixture.prepare();
  await Promise.all([startReplica(), startReplica()]);
}, STARTUP_MS + 30_000);
afterAll(async () => {
  await Promise.all(replicas.map((replica) => replica.kill()));
  await fixture.ns.dispose();
});

const jobsOf = async (key: string) => (await fixture.jobs()).filter((job) => job.key === key);
const deferredCount = async () => {
  const { rows } = await fixture.ns.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM "${fixture.schema}".deferred_deliveries`,
  );
  return rows[0].n;
};
const busiestWindow = (starts: number[], windowMs: number) =>
  Math.max(...starts.map((from) => starts.filter((t) => t >= from && t < from + windowMs).length));

describe('rate-limited work is fair across keys (2 starts / 2 s per key, max ack pending 2, two replicas)', () => {
  it("a key's backlog far beyond max ack pending does not delay another key's first start", async () => {
    await fixture.queueJobs(Array.from({ length: BACKLOG }, () => ({ key: 'backlog-a', workMs: 50 })));
    await expect.poll(async () => (await jobsOf('backlog-a')).length, { timeout: 15_000 }).toBeGreaterThan(0);

    const queuedAt = Date.now();
    await fixture.queueJobs([{ key: 'first-b', workMs: 50 }]);
    // Behind A's backlog in one shared max ack pending, B would wait ~14 s for A to drain.
    await expect.poll(async () => (await jobsOf('first-b')).length, { timeout: 6_000 }).toBe(1);
    const [b] = await jobsOf('first-b');
    expect(b.started_at.getTime() - queuedAt).toBeLessThan(3_000);
    expect((await jobsOf('backlog-a')).length).toBeLessThan(BACKLOG / 2);
  }, 60_000);

  it('deferred work survives the death of every replica and each deferred event is handled exactly once', async () => {
    await expect.poll(deferredCount, { timeout: 10_000 }).toBeGreaterThan(0);
    await Promise.all(replicas.map((replica) => replica.kill()));
    expect(await deferredCount()).toBeGreaterThan(0);

    await Promise.all([startReplica(), startReplica()]);
    await expect.poll(async () => (await jobsOf('backlog-a')).length, { timeout: 40_000, interval: 200 }).toBe(BACKLOG);
    await expect.poll(deferredCount, { timeout: 10_000 }).toBe(0);

    const jobs = await jobsOf('backlog-a');
    expect(new Set(jobs.map((job) => job.job_id)).size).toBe(BACKLOG);
    // 1.6 s rather than 2 s: a handler starts a little after its admission, more so under load.
    expect(busiestWindow(jobs.map((job) => job.started_at.getTime()), FAIR_RATE.windowMs * 0.8)).toBeLessThanOrEqual(
      FAIR_RATE.limit,
    );
    // Both replicas took part in draining the backlog.
    expect(new Set(jobs.map((job) => job.pid)).size).toBeGreaterThan(1);
  }, STARTUP_MS + 90_000);

  it('a deferred delivery whose handler fails is retried, waits for a start of its own, and is handled once', async () => {
    await fixture.queueJobs(Array.from({ length: 6 }, () => ({ key: 'flaky-c', workMs: 20 })));
    await expect.poll(async () => (await jobsOf('flaky-c')).length, { timeout: 40_000, interval: 200 }).toBe(6);
    await expect.poll(deferredCount, { timeout: 10_000 }).toBe(0);
    const jobs = await jobsOf('flaky-c');
    expect(new Set(jobs.map((job) => job.job_id)).size).toBe(6);
    // Retries take starts too: the failed first attempts and the successful ones share the limit.
    expect(busiestWindow(jobs.map((job) => job.started_at.getTime()), FAIR_RATE.windowMs * 0.8)).toBeLessThanOrEqual(
      FAIR_RATE.limit,
    );
  }, 60_000);
});

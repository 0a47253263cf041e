import { DurableTimers } from '@switchboard/durable';
import { salesTranscript } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoredCallView } from '@switchboard/contracts';
import { ClaimsUnderTest } from './test-support/claims-under-test.js';

const claims = new ClaimsUnderTest();
// The upload deadline scaled down from minutes: long enough for a whole upload on a loaded machine.
beforeAll(() => claims.start({ smallMs: 10, largeMs: 50 }, { SCORING_UPLOAD_DEADLINE_MS: '4000' }), 60_000);
afterAll(() => claims.stop());

const command = claims.command.bind(claims);
const create = (callCount: number) => claims.createJob(callCount);
const addCalls = (jobId: string, indexes: number[]) => claims.addCalls(jobId, indexes.map((index) => salesTranscript(100 + index)), indexes[0]);
const job = (jobId: string) => claims.job(jobId);
const uploadTimer = async (jobId: string) => (await claims.app.get(DurableTimers).pending()).find((t) => t.key === `scoring-upload-${jobId}`);

describe('a scoring job whose upload stops between batches', { timeout: 90_000 }, () => {
  it('fails at the upload deadline naming the rows received; those calls end consistently and late batches are refused', async () => {
    const { id } = await create(3);
    await addCalls(id, [0]);
    expect((await job(id)).status).toBe('PENDING');

    await expect.poll(async () => (await job(id)).status, { timeout: 60_000, interval: 250 }).toBe('FAILED');
    const failed = await job(id);
    expect(failed).toMatchObject({ failure: 'upload incomplete: 1 of 3 rows received', calls: { total: 3, received: 1 } });
    expect(failed.finishedAt).not.toBeNull();

    // The call that arrived is kept and ends final: scored if it got there first, else canceled.
    await expect.poll(async () => (await job(id)).calls, { timeout: 60_000, interval: 250 }).toMatchObject({ queued: 0, triaged: 0 });
    const { calls } = await command<{ calls: ScoredCallView[] }>('claims.scoring.job.results', { jobId: id, offset: 0, limit: 10 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ row: 2 });
    expect(['SCORED', 'CANCELED']).toContain(calls[0].status);

    await expect(addCalls(id, [1, 2])).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/upload did not complete/) });
    expect((await job(id)).calls.received).toBe(1);
  });

  it('ends its deadline once every call has arrived, a batch sent twice counted once', async () => {
    const { id } = await create(2);
    expect(await uploadTimer(id)).toBeDefined();
    await addCalls(id, [0]);
    await addCalls(id, [0]);
    expect(await uploadTimer(id)).toBeDefined();
    await addCalls(id, [1]);
    expect(await uploadTimer(id)).toBeUndefined();
    await expect.poll(async () => (await job(id)).status, { timeout: 60_000, interval: 250 }).toBe('COMPLETED');
  });
});

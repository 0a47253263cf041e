import { salesTranscript } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ClaimsUnderTest } from './test-support/claims-under-test.js';

const claims = new ClaimsUnderTest();
const command = claims.command.bind(claims);

beforeAll(() => claims.start({ smallMs: 10, largeMs: 50 }), 60_000);
afterAll(() => claims.stop());
beforeEach(() => claims.simulator.state.reset());

async function score(transcripts: string[]): Promise<string> {
  const job = await claims.createJob(transcripts.length);
  await claims.addCalls(job.id, transcripts);
  return job.id;
}

const job = (jobId: string) => claims.job(jobId);
const ended = async (jobId: string, status: string) => {
  await expect.poll(async () => (await job(jobId)).status, { timeout: 60_000 }).toBe(status);
  return job(jobId);
};
const requests = () => claims.modelRequests();

// Generous deadlines: on a loaded machine the first deliveries can take a while.
describe('call scoring in claims', { timeout: 90_000 }, () => {
  it('analyses identical transcripts in flight at once only once', async () => {
    const jobId = await score(Array.from({ length: 6 }, () => salesTranscript(1)));
    const done = await ended(jobId, 'COMPLETED');
    expect(done).toMatchObject({ calls: { scored: 6 }, cacheHits: { silver: 5, gold: 5 } });
    expect(requests()).toHaveLength(2);
    const { calls } = await command<{ calls: { extraction: unknown; scores: unknown; coaching: unknown; overall: number }[] }>('claims.scoring.job.results', { jobId, offset: 0, limit: 10 });
    expect(calls[0].extraction).toMatchObject({ intent: 'purchase', outcome: 'follow-up' });
    for (const call of calls) expect({ ...call, cached: undefined }).toMatchObject({ extraction: calls[0].extraction, scores: calls[0].scores, coaching: calls[0].coaching, overall: calls[0].overall });
  });

  it('fails a call whose answers stay invalid after two repairs, without failing the others; a retry scores it', async () => {
    claims.simulator.state.setFault('anthropic.messages', { invalidOutput: true, times: 3 });
    const jobId = await score([salesTranscript(2)]);
    const failed = await ended(jobId, 'COMPLETED_WITH_FAILURES');
    expect(failed.calls).toMatchObject({ failed: 1, scored: 0 });
    expect(requests()).toHaveLength(3);
    const { calls } = await command<{ calls: { failure: string }[] }>('claims.scoring.job.results', { jobId, offset: 0, limit: 10 });
    expect(calls[0].failure).toMatch(/^silver: call_triage: the model's answer was still invalid after 3 attempts/);

    await command('claims.scoring.job.retry', { jobId });
    const retried = await ended(jobId, 'COMPLETED');
    expect(retried.calls).toMatchObject({ failed: 0, scored: 1 });
    expect(requests()).toHaveLength(5);
  });

  it('waits as long as a 429 says before asking again', async () => {
    claims.simulator.state.setFault('anthropic.messages', { status: 429, retryAfterSeconds: 1, times: 2 });
    const jobId = await score([salesTranscript(3)]);
    await ended(jobId, 'COMPLETED');
    const at = requests().map((r) => Date.parse(r.at));
    expect(at).toHaveLength(4);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(950);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(950);
  });

  it('skips what triage finds not worth scoring, at the cost of the small model only', async () => {
    const jobId = await score(['Hi, you have reached the Miller residence, please leave a message after the tone.', 'Wrong number, sorry, bye.']);
    const done = await ended(jobId, 'COMPLETED');
    expect(done.calls).toMatchObject({ skipped: 2, scored: 0 });
    const { calls } = await command<{ calls: { verdict: string }[] }>('claims.scoring.job.results', { jobId, offset: 0, limit: 10 });
    expect(calls.map((c) => c.verdict)).toEqual(['voicemail', 'wrong_number']);
    expect(requests().every((r) => String(r.body.model).includes('haiku'))).toBe(true);
  });
});

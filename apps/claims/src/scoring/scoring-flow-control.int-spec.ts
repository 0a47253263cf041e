import { mostInWindow, peakInFlight, salesTranscript } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ClaimsUnderTest } from './test-support/claims-under-test.js';

// The caps are read when the handlers' module loads (scoring-policy.ts): set before it is imported.
// Each stage meets both caps: a burst up to its concurrency, until its window's requests are spent.
const CAPS = vi.hoisted(() => {
  const caps = { silver: { concurrency: 2, perWindow: 6 }, gold: { concurrency: 3, perWindow: 4 }, windowMs: 4_000 };
  Object.assign(process.env, {
    SCORING_SILVER_CONCURRENCY: String(caps.silver.concurrency),
    SCORING_SILVER_RPM: String(caps.silver.perWindow),
    SCORING_GOLD_CONCURRENCY: String(caps.gold.concurrency),
    SCORING_GOLD_RPM: String(caps.gold.perWindow),
    SCORING_RATE_WINDOW_MS: String(caps.windowMs),
  });
  return caps;
});
/**
 * A start is counted by claims' rate limiter a moment before its request reaches the simulator;
 * that moment varies (a query, the SDK, a loaded machine), so two requests a window apart at claims
 * may arrive a little closer. Windows at the simulator are this much shorter.
 */
const ARRIVAL_JITTER_MS = 1_000;
const CALLS = 12;

const claims = new ClaimsUnderTest();
beforeAll(() => claims.start({ smallMs: 250, largeMs: 1_000 }), 60_000);
afterAll(() => claims.stop());

describe('flow control per model, as the simulator sees it', { timeout: 120_000 }, () => {
  it('never has more of a model’s requests in flight than its concurrency, nor more in a window than its cap', async () => {
    const job = await claims.createJob(CALLS, 'caps.csv');
    await claims.addCalls(job.id, Array.from({ length: CALLS }, (_, index) => salesTranscript(500 + index)));
    await expect.poll(async () => (await claims.job(job.id)).status, { timeout: 90_000, interval: 500 }).toBe('COMPLETED');

    const log = claims.modelRequests();
    const stages = { silver: log.filter((r) => r.body.model === job.silverModel), gold: log.filter((r) => r.body.model === job.goldModel) };
    for (const stage of ['silver', 'gold'] as const) {
      const requests = stages[stage];
      const cap = CAPS[stage];
      expect(requests, stage).toHaveLength(CALLS);
      const peak = peakInFlight(requests);
      expect(peak, `${stage} in flight`).toBeLessThanOrEqual(cap.concurrency);
      // The cap, not a lack of work, is what held it: more than half of it ran at once.
      expect(peak, `${stage} in flight`).toBeGreaterThan(cap.concurrency / 2);
      expect(mostInWindow(requests, CAPS.windowMs - ARRIVAL_JITTER_MS), `${stage} per window`).toBeLessThanOrEqual(cap.perWindow);
      // And the window's cap spread them out: CALLS at perWindow a window take this long at least.
      const arrivals = requests.map((r) => Date.parse(r.at));
      const windowsNeeded = Math.ceil(CALLS / cap.perWindow) - 1;
      expect(Math.max(...arrivals) - Math.min(...arrivals), `${stage} spread`).toBeGreaterThanOrEqual(windowsNeeded * CAPS.windowMs - ARRIVAL_JITTER_MS);
    }
  });
});

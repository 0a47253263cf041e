import { describe, expect, it } from 'vitest';
import { jobReport, scoreDistribution } from './job-report.js';
import type { ResultRow } from './results-table.js';

const row = (n: number, overall: number | null): ResultRow => ({
  id: `c-${n}`,
  row: n + 2,
  externalId: `C-${n}`,
  agent: 'Ana',
  date: null,
  durationSeconds: null,
  status: overall === null ? 'SKIPPED' : 'SCORED',
  verdict: overall === null ? 'voicemail' : 'analyse',
  scores: overall === null ? null : [{ criterion: 'opening', score: 3, maxScore: 5, evidence: 'Hi' }],
  overall,
  coaching: overall === null ? null : [`Coach call ${n}`],
  failure: null,
  cached: { silver: false, gold: false },
  costUsd: 0.01,
});

describe('the job report', () => {
  it('buckets overall scores by ten points, 100 in the top bucket, skipped calls nowhere', () => {
    expect(scoreDistribution([row(1, 0), row(2, 9.9), row(3, 55), row(4, 100), row(5, null)])).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('is a PDF', async () => {
    const job = { id: 'j', fileName: 'f.xlsx', status: 'COMPLETED' as const, goldModel: 'm', rubric: 'sales-call@1', createdAt: '', calls: { total: 3, received: 3, queued: 0, triaged: 0, scored: 2, skipped: 1, failed: 0, canceled: 0 }, cacheHits: { silver: 0, gold: 0 }, tokens: { input: 1, output: 1 }, costUsd: 0.02, skippedRows: [{ row: 9, reason: 'empty row' }] };
    const pdf = await jobReport(job, [row(1, 40), row(2, 80), row(3, null)]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(1_000);
  });
});

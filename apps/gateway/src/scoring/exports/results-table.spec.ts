import { describe, expect, it } from 'vitest';
import { type ResultRow, resultsTable, toCsv } from './results-table.js';

const scored: ResultRow = {
  id: 'c-1',
  row: 2,
  externalId: 'C-1',
  agent: '=HYPERLINK("x")',
  date: '2026-11-02',
  durationSeconds: 61,
  status: 'SCORED',
  verdict: 'analyse',
  scores: [
    { criterion: 'opening', score: 4, maxScore: 5, evidence: 'Hello' },
    { criterion: 'next_steps', score: 2, maxScore: 5, evidence: 'Friday' },
  ],
  overall: 60,
  coaching: ['Ask sooner', 'Say "thanks"'],
  failure: null,
  cached: { silver: false, gold: true },
  costUsd: 0.0123456789,
};
const skipped: ResultRow = { ...scored, id: 'c-2', row: 3, agent: 'Ben', status: 'SKIPPED', verdict: 'voicemail', scores: null, overall: null, coaching: null, cached: { silver: true, gold: null }, costUsd: 0 };

describe('the results download', () => {
  it('has a column per rubric criterion and one row per call, formulas defused', () => {
    const csv = toCsv(resultsTable([scored, skipped])).split('\r\n');
    expect(csv[0]).toBe('row,call_id,agent,date,duration_s,status,triage,overall,opening,next_steps,coaching,failure,silver_cached,gold_cached,cost_usd');
    expect(csv[1]).toBe(`2,C-1,"'=HYPERLINK(""x"")",2026-11-02,61,SCORED,analyse,60,4,2,"Ask sooner | Say ""thanks""",,false,true,0.012346`);
    expect(csv[2]).toBe('3,C-1,Ben,2026-11-02,61,SKIPPED,voicemail,,,,,,true,,0');
  });
});

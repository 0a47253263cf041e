import { callSheet, sheetCsv, sheetXlsx } from '@switchboard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SystemUnderTest } from '../scripts/system/system-under-test.js';
import type { ScoringJobView } from '@switchboard/contracts';
import { readSse, scoringChecks, XLSX } from './call-scoring.checks.js';

// The models' latencies scaled down from 0.5 s (silver) and 3 s (gold); the caps are the defaults (4 and 10 at once).
const FAST = { smallMs: 20, largeMs: 120 };
let system: SystemUnderTest;

beforeAll(async () => {
  system = await SystemUnderTest.start();
  Object.assign(system.simulator.anthropic.scoringLatency, FAST);
}, 240_000);
afterAll(async () => {
  await system?.stop();
}, 60_000);

const { upload, job, modelRequests, eventsPerCall } = scoringChecks(() => system);
const ENDED = ['COMPLETED', 'COMPLETED_WITH_FAILURES', 'CANCELED'];
const until = async (id: string, done: (job: ScoringJobView) => boolean, timeout = 120_000): Promise<ScoringJobView> => {
  await expect.poll(async () => done(await job(id)), { timeout, interval: 250 }).toBe(true);
  return job(id);
};
const ended = (id: string, timeout?: number) => until(id, (j) => ENDED.includes(j.status), timeout);

describe('call scoring, whole system', () => {
  let first: { id: string; file: Buffer };

  it('scores every call of a 250-row sheet once: silver then gold, results paged', async () => {
    const file = await sheetXlsx(callSheet({ calls: 250 }));
    const before = modelRequests().length;
    const accepted = await upload(file, XLSX, '?fileName=november.xlsx');
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: expect.stringMatching(/PENDING|PROCESSING/), calls: { total: 250, received: 250 } });
    const done = await ended(accepted.body.id);
    expect(done).toMatchObject({ status: 'COMPLETED', calls: { total: 250, scored: 250, failed: 0, skipped: 0 }, cacheHits: { silver: 0, gold: 0 }, etaSeconds: null });
    expect(done.tokens.input).toBeGreaterThan(0);
    expect(done.costUsd).toBeGreaterThan(0);
    expect(modelRequests().length - before).toBe(500);
    expect(await eventsPerCall(done.id)).toEqual(
      expect.arrayContaining([
        { type: 'claims.scoring-call.queued', n: 1, streams: 250 },
        { type: 'claims.scoring-call.triaged', n: 1, streams: 250 },
        { type: 'claims.scoring-call.scored', n: 1, streams: 250 },
      ]),
    );
    const page = await system.gateway.ok<{ total: number; calls: { row: number; status: string; scores: { evidence: string }[]; coaching: string[]; cached: unknown }[] }>(
      'GET',
      `/v1/scoring/jobs/${done.id}/results?offset=100&limit=50`,
    );
    expect(page.total).toBe(250);
    expect(page.calls.map((c) => c.row)).toEqual(Array.from({ length: 50 }, (_, i) => 102 + i));
    expect(page.calls[0]).toMatchObject({ status: 'SCORED', cached: { silver: false, gold: false } });
    expect(page.calls[0].scores).toHaveLength(4);
    expect(page.calls[0].scores[0].evidence).toContain('Good morning');
    const csv = await fetch(`${system.gateway.baseUrl}/v1/scoring/jobs/${done.id}/results.csv`, { headers: { authorization: 'Bearer sk-e2e-test' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(251);
    expect(lines[0]).toMatch(/^row,call_id,agent,date,duration_s,status,triage,overall,opening,discovery,objection_handling,next_steps,coaching/);
    const download = (path: string) => fetch(`${system.gateway.baseUrl}/v1/scoring/jobs/${done.id}/${path}`, { headers: { authorization: 'Bearer sk-e2e-test' } });
    const xlsx = Buffer.from(await (await download('results.xlsx')).arrayBuffer());
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    const pdf = await download('report.pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    first = { id: done.id, file };
  });

  it('scores the same sheet again from the cache: zero model calls', async () => {
    const before = modelRequests().length;
    const accepted = await upload(first.file, XLSX);
    const done = await ended(accepted.body.id);
    expect(done).toMatchObject({ status: 'COMPLETED', calls: { scored: 250 }, cacheHits: { silver: 250, gold: 250 }, costUsd: 0 });
    expect(modelRequests().length).toBe(before);
    const history = await system.gateway.ok<ScoringJobView[]>('GET', '/v1/scoring/jobs?limit=2');
    expect(history.map((j) => j.id)).toEqual([done.id, first.id]);
    const older = await system.gateway.ok<ScoringJobView[]>('GET', `/v1/scoring/jobs?limit=1&before=${encodeURIComponent(history[0].createdAt)}`);
    expect(older.map((j) => j.id)).toEqual([first.id]);
  });

  it('triages duplicates, voicemails and bad rows: duplicates analysed once, bad rows reported by number', async () => {
    const rows = callSheet({ calls: 30, offset: 5_000, duplicates: 5, voicemails: 3, emptyRows: 2, missingTranscripts: 10 });
    const before = modelRequests().length;
    const accepted = await upload(sheetCsv(rows), 'text/csv');
    expect(accepted.status).toBe(202);
    expect(accepted.body.skippedRows).toHaveLength(12);
    expect(accepted.body.skippedRows.filter((r) => r.reason === 'no transcript')).toHaveLength(10);
    for (const skipped of accepted.body.skippedRows) expect(rows[skipped.row - 1]?.[4] ?? null).toBeNull();
    const done = await ended(accepted.body.id);
    expect(done.calls).toMatchObject({ total: 38, scored: 35, skipped: 3 });
    // 31 distinct transcripts (30 calls, one voicemail text) through silver, 30 through gold.
    expect(modelRequests().length - before).toBe(31 + 30);
  });

  it('resumes after claims is SIGKILLed twice mid-job: no result recorded twice, no model call repeated beyond those in flight', async () => {
    Object.assign(system.simulator.anthropic.scoringLatency, { smallMs: 60, largeMs: 300 });
    try {
      const before = { silver: modelRequests('call_triage').length, gold: modelRequests('call_scorecard').length };
      const accepted = await upload(sheetCsv(callSheet({ calls: 250, offset: 10_000 })), 'text/csv');
      await until(accepted.body.id, (j) => j.calls.scored >= 40);
      await system.restart('claims');
      await until(accepted.body.id, (j) => j.calls.scored >= 130);
      await system.restart('claims');
      const done = await ended(accepted.body.id, 240_000);
      expect(done).toMatchObject({ status: 'COMPLETED', calls: { scored: 250, failed: 0 } });
      expect(await eventsPerCall(done.id)).toEqual(
        expect.arrayContaining([
          { type: 'claims.scoring-call.triaged', n: 1, streams: 250 },
          { type: 'claims.scoring-call.scored', n: 1, streams: 250 },
        ]),
      );
      // At most the calls in flight at each kill (the default caps: 4 silver, 10 gold) are asked twice.
      expect(modelRequests('call_triage').length - before.silver).toBeLessThanOrEqual(250 + 2 * 4);
      expect(modelRequests('call_scorecard').length - before.gold).toBeLessThanOrEqual(250 + 2 * 10);
    } finally {
      Object.assign(system.simulator.anthropic.scoringLatency, FAST);
    }
  }, 420_000);

  it('stops new model calls within a second of a cancel; the calls not analysed end CANCELED', async () => {
    Object.assign(system.simulator.anthropic.scoringLatency, { smallMs: 100, largeMs: 800 });
    try {
      const accepted = await upload(sheetCsv(callSheet({ calls: 80, offset: 20_000 })), 'text/csv');
      await until(accepted.body.id, (j) => j.calls.scored >= 5);
      const canceled = await system.gateway.ok<ScoringJobView>('POST', `/v1/scoring/jobs/${accepted.body.id}/cancel`);
      const at = Date.now();
      expect(canceled.status).toBe('CANCELED');
      const done = await until(accepted.body.id, (j) => j.calls.queued + j.calls.triaged === 0);
      const late = modelRequests().filter((r) => Date.parse(r.at) > at + 1_000);
      expect(late).toEqual([]);
      expect(done.status).toBe('CANCELED');
      expect(done.calls.canceled).toBeGreaterThan(0);
      expect(done.calls.scored + done.calls.skipped + done.calls.canceled).toBe(80);
      expect((await system.gateway.request('POST', `/v1/scoring/jobs/${done.id}/retry`, {})).status).toBe(409);
    } finally {
      Object.assign(system.simulator.anthropic.scoringLatency, FAST);
    }
  });

  it('streams progress to the end as server-sent events, across a gateway restart (Last-Event-ID)', async () => {
    Object.assign(system.simulator.anthropic.scoringLatency, { smallMs: 50, largeMs: 400 });
    try {
      const accepted = await upload(sheetCsv(callSheet({ calls: 100, offset: 30_000 })), 'text/csv');
      const url = `${system.gateway.baseUrl}/v1/scoring/jobs/${accepted.body.id}/events`;
      const before = await readSse(url, undefined, (e) => e.event === 'progress' && (JSON.parse(e.data) as ScoringJobView).calls.scored > 0);
      expect(before.length).toBeGreaterThan(0);
      await system.restart('gateway');
      const lastId = before[before.length - 1].id!;
      const after = await readSse(url, lastId, (e) => e.event === 'end');
      const progress = after.filter((e) => e.event === 'progress');
      expect(progress[0].id).not.toBe(lastId);
      expect(after[after.length - 1]).toMatchObject({ event: 'end', data: JSON.stringify({ status: 'COMPLETED' }) });
      expect(JSON.parse(progress[progress.length - 1].data)).toMatchObject({ status: 'COMPLETED', calls: { scored: 100 } });
    } finally {
      Object.assign(system.simulator.anthropic.scoringLatency, FAST);
    }
  }, 240_000);

  it('refuses unusable sheets with the reason: wrong type, unreadable file, no transcript column', async () => {
    const wrongType = await upload(Buffer.from('hello'), 'text/plain');
    expect(wrongType.status).toBe(415);
    const png = await upload(Buffer.from('\x89PNG\r\n\x1a\n not a workbook'), XLSX);
    expect(png.status).toBe(422);
    expect(png.body.detail).toMatch(/not a readable xlsx workbook/);
    const noTranscript = await upload(sheetCsv([['Call ID', 'Agent'], ['C-1', 'Ana']]), 'text/csv');
    expect(noTranscript.status).toBe(422);
    expect(noTranscript.body.detail).toMatch(/no transcript column: the header row has "Call ID", "Agent"/);
  });
});

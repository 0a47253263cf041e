import { callSheet, sheetXlsx } from '@switchboard/testing';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { finalCalls, ScoringClient } from '../score/scoring-client.js';
import type { DemoTarget } from './demos.js';

/**
 * 60 rows: 50 distinct sales calls, five repeating earlier transcripts, three voicemails and two
 * empty rows, so the summary shows the cache, triage and the skipped rows at work.
 */
export async function runScoringDemo(target: DemoTarget, log: (line: string) => void = console.log): Promise<void> {
  const client = new ScoringClient(target.gatewayUrl, target.apiKey);
  const rows = callSheet({ calls: 50, offset: Date.now() % 1_000_000, duplicates: 5, voicemails: 3, emptyRows: 2 });
  const job = await client.upload({ name: 'demo-calls.xlsx', content: await sheetXlsx(rows) });
  log(`job ${job.id}: ${job.calls.total} calls from ${rows.length - 1} rows, scored by ${job.goldModel}`);
  let shown = -1;
  const done = await client.follow(job.id, (p) => {
    if (finalCalls(p) === shown) return;
    shown = finalCalls(p);
    log(`  ${p.status.padEnd(10)} ${String(shown).padStart(3)}/${p.calls.total} final (scored ${p.calls.scored}, skipped ${p.calls.skipped}), cache hits ${p.cacheHits.gold}, $${p.costUsd.toFixed(4)}, ETA ${p.etaSeconds ?? '-'} s`);
  });
  const { calls } = await client.download(job.id, 'results.csv').then((csv) => ({ calls: csv.toString().trim().split('\r\n').slice(1) }));
  const overall = calls.map((line) => Number(line.split(',')[7])).filter((n) => !Number.isNaN(n) && n > 0);
  const report = resolve(`scoring-demo-${job.id}.pdf`);
  await writeFile(report, await client.download(job.id, 'report.pdf'));
  log(`\n${done.status}: ${done.calls.scored} scored, ${done.calls.skipped} skipped by triage (voicemails), ${done.calls.failed} failed`);
  log(`average overall score ${(overall.reduce((a, b) => a + b, 0) / Math.max(1, overall.length)).toFixed(1)} / 100`);
  log(`cache hits: silver ${done.cacheHits.silver}, gold ${done.cacheHits.gold} (duplicates, repeated voicemails); tokens ${done.tokens.input} in / ${done.tokens.output} out; cost $${done.costUsd.toFixed(4)}`);
  log(`rows not used: ${done.skippedRows.map((r) => `row ${r.row} (${r.reason})`).join(', ') || 'none'}`);
  log(`report: ${report}\nresults: ${client.url(job.id, 'results.csv')}, ${client.url(job.id, 'results.xlsx')}`);
}

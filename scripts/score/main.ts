import { writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { cli } from '../cli/cli-args.js';

const spec = {
  command: 'npm run score --',
  summary: 'Scores a sheet of call transcripts (.csv or .xlsx) through the REST API, with a progress bar; saves the results and the report. Needs npm start running.',
  arguments: ['<file>'],
  options: {
    'gold-model': { type: 'string' as const, value: '<model>', description: 'the large model that scores (claude-sonnet-4-6 by default, or claude-opus-4-7)' },
    rubric: { type: 'string' as const, value: '<id>', description: 'the rubric (sales-call by default, or support-call)' },
    mapping: { type: 'string' as const, value: '<field:header,...>', description: 'headers for fields synonyms miss, e.g. transcript:Notes' },
    out: { type: 'string' as const, value: '<dir>', default: '.' as const, description: 'where the CSV and PDF report are saved' },
  },
  notes: ['environment, as for npm start: GATEWAY_PORT, SWITCHBOARD_API_KEY (else the first of API_KEYS)'],
};
const { values, positionals } = cli(spec);
const { ScoringClient, finalCalls } = await import('./scoring-client.js');
const { default: progress } = await import('cli-progress');

const gatewayUrl = `http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}`;
const apiKey = process.env.SWITCHBOARD_API_KEY ?? (process.env.API_KEYS ?? 'sk-switchboard-dev').split(',')[0].trim();
const client = new ScoringClient(gatewayUrl, apiKey);
const path = positionals[0];

try {
  const job = await client.upload({ name: basename(path), path }, { goldModel: values['gold-model'], rubric: values.rubric, mapping: values.mapping });
  console.log(`job ${job.id}: ${job.calls.total} calls (gold ${job.goldModel})${job.skippedRows.length ? `, ${job.skippedRows.length + job.moreSkippedRows} rows not used:` : ''}`);
  for (const skipped of job.skippedRows.slice(0, 20)) console.log(`  row ${skipped.row}: ${skipped.reason}`);
  const bar = new progress.SingleBar({ format: '{bar} {value}/{total} calls | {status} | ETA {eta_s} | ${cost} | cache {hits}', etaBuffer: 20 }, progress.Presets.shades_classic);
  bar.start(job.calls.total, 0, { status: job.status, eta_s: '-', cost: '0.0000', hits: 0 });
  const done = await client.follow(job.id, (p) =>
    bar.update(finalCalls(p), { status: p.status, eta_s: p.etaSeconds === null ? '-' : `${p.etaSeconds}s`, cost: p.costUsd.toFixed(4), hits: p.cacheHits.gold }),
  );
  bar.stop();
  const { calls } = done;
  if (done.failure) console.log(`${done.status}: ${done.failure}`);
  console.log(`${done.status}: ${calls.scored} scored, ${calls.skipped} skipped by triage, ${calls.failed} failed, ${calls.canceled} canceled; $${done.costUsd.toFixed(4)}`);
  const saved = [];
  for (const name of ['results.csv', 'report.pdf'] as const) {
    const file = resolve(values.out, `scoring-${job.id}-${name.replace('.', '-').replace(/-(csv|pdf)$/, '.$1')}`);
    await writeFile(file, await client.download(job.id, name));
    saved.push(file);
  }
  console.log(`results: ${saved[0]}\nreport:  ${saved[1]}\nonline:  ${client.url(job.id, 'results')} (.csv, .xlsx), ${client.url(job.id, 'report.pdf')}`);
} catch (error) {
  console.error(`score failed: ${(error as Error).message}`);
  process.exit(1);
}

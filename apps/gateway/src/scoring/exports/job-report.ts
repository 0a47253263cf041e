import type { ScoringJobView } from '@switchboard/contracts';
import type { ResultRow } from './results-table.js';

/** What of a job the report shows. */
type JobSummary = Pick<ScoringJobView, 'id' | 'fileName' | 'status' | 'goldModel' | 'rubric' | 'createdAt' | 'calls' | 'cacheHits' | 'tokens' | 'costUsd' | 'skippedRows'>;

const LOWEST = 5;
const BUCKETS = 10;

/** Overall scores in ten buckets of ten points (100 falls in the last). */
export function scoreDistribution(rows: ResultRow[]): number[] {
  const buckets = new Array<number>(BUCKETS).fill(0);
  for (const r of rows) if (r.overall !== null) buckets[Math.min(BUCKETS - 1, Math.floor(r.overall / 10))]++;
  return buckets;
}

/** The PDF report of a job: summary, score distribution chart, the lowest-scoring calls with their coaching. */
export async function jobReport(job: JobSummary, rows: ResultRow[]): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Call scoring report ${job.fileName}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.fontSize(18).text('Call scoring report');
  doc.moveDown(0.5).fontSize(10);
  const scored = rows.filter((r) => r.overall !== null);
  const average = scored.length ? scored.reduce((sum, r) => sum + r.overall!, 0) / scored.length : 0;
  for (const line of [
    `File: ${job.fileName}   Job: ${job.id}`,
    `Status: ${job.status}   Rubric: ${job.rubric}   Gold model: ${job.goldModel}`,
    `Calls: ${job.calls.total} (scored ${job.calls.scored}, skipped by triage ${job.calls.skipped}, failed ${job.calls.failed}, canceled ${job.calls.canceled})`,
    `Rows not used: ${job.skippedRows.length}${job.skippedRows.length ? ` (${job.skippedRows.slice(0, 8).map((r) => `row ${r.row}: ${r.reason}`).join('; ')})` : ''}`,
    `Average overall score: ${average.toFixed(1)} / 100`,
    `Cache hits: silver ${job.cacheHits.silver}, gold ${job.cacheHits.gold}   Tokens: ${job.tokens.input} in, ${job.tokens.output} out   Cost: $${job.costUsd.toFixed(4)}`,
  ]) {
    doc.text(line);
  }

  doc.moveDown().fontSize(13).text('Score distribution');
  const buckets = scoreDistribution(rows);
  const top = doc.y + 10;
  const [left, width, height] = [70, 440, 140];
  const max = Math.max(1, ...buckets);
  const bar = width / BUCKETS;
  doc.moveTo(left, top + height).lineTo(left + width, top + height).stroke();
  buckets.forEach((count, i) => {
    const h = (count / max) * (height - 15);
    if (count) doc.rect(left + i * bar + 4, top + height - h, bar - 8, h).fill('#4a78c2');
    doc.fillColor('black').fontSize(8).text(String(count), left + i * bar, top + height - h - 11, { width: bar, align: 'center' });
    doc.text(`${i * 10}-${i === BUCKETS - 1 ? 100 : i * 10 + 9}`, left + i * bar, top + height + 4, { width: bar, align: 'center' });
  });
  doc.x = 50;
  doc.y = top + height + 25;

  doc.fontSize(13).text(`Lowest-scoring calls`);
  doc.fontSize(10);
  for (const r of [...scored].sort((a, b) => a.overall! - b.overall!).slice(0, LOWEST)) {
    doc.moveDown(0.5).font('Helvetica-Bold').text(`Row ${r.row}${r.externalId ? ` (${r.externalId})` : ''}${r.agent ? `, agent ${r.agent}` : ''}: ${r.overall} / 100`);
    doc.font('Helvetica').text((r.scores ?? []).map((s) => `${s.criterion} ${s.score}/${s.maxScore}`).join(', '));
    for (const note of r.coaching ?? []) doc.text(`- ${note}`, { indent: 10 });
  }
  doc.end();
  return done;
}

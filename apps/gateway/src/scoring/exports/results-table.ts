import type { ScoredCallView } from '@switchboard/contracts';
/** One call of a job's results as claims answers `claims.scoring.job.results`: what the downloads show of it. */
export type ResultRow = Omit<ScoredCallView, 'extraction'>;

/** The columns of the CSV and XLSX downloads: the call, its outcome, a score column per rubric criterion. */
export function resultsTable(rows: ResultRow[]): { header: string[]; cells: (string | number | null)[][] } {
  const criteria = [...new Set(rows.flatMap((r) => (r.scores ?? []).map((s) => s.criterion)))];
  const header = ['row', 'call_id', 'agent', 'date', 'duration_s', 'status', 'triage', 'overall', ...criteria, 'coaching', 'failure', 'silver_cached', 'gold_cached', 'cost_usd'];
  const cells = rows.map((r) => [
    r.row,
    r.externalId,
    r.agent,
    r.date,
    r.durationSeconds,
    r.status,
    r.verdict,
    r.overall,
    ...criteria.map((c) => r.scores?.find((s) => s.criterion === c)?.score ?? null),
    (r.coaching ?? []).join(' | '),
    r.failure,
    r.cached.silver === null ? null : String(r.cached.silver),
    r.cached.gold === null ? null : String(r.cached.gold),
    Number(r.costUsd.toFixed(6)),
  ]);
  return { header, cells };
}

/** RFC 4180; a cell a spreadsheet would run as a formula is quoted with a leading apostrophe. */
export function toCsv(table: { header: string[]; cells: (string | number | null)[][] }): string {
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [table.header, ...table.cells].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(table: { header: string[]; cells: (string | number | null)[][] }): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Results');
  sheet.addRow(table.header).font = { bold: true };
  for (const row of table.cells) sheet.addRow(row.map((v) => v ?? undefined));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Test and demo sheets of call transcripts, as CSV or xlsx: header row first, `null` rows left empty. */
export type SheetRow = (string | number | null)[] | null;

const AGENTS = ['Ana', 'Ben', 'Chloe', 'Dev', 'Eli'];
const PLANS = ['basic plan', 'pro plan', 'enterprise plan'];

/** A distinct, analysable sales call (deterministic per n). */
export function salesTranscript(n: number): string {
  const plan = PLANS[n % PLANS.length];
  return (
    `Agent: Good morning, this is ${AGENTS[n % AGENTS.length]} from Acme, calling about your ${plan} renewal number ${n}. ` +
    `Customer: Hi, yes. I was wondering about the price, it feels expensive for a team of ${5 + (n % 40)}. ` +
    `Agent: I understand. What matters most to your team this quarter? ` +
    `Customer: Reporting, mostly. Agent: The ${plan} includes reporting. I will send you a summary and follow up on Friday.`
  );
}

export const VOICEMAIL = 'Hi, you have reached the Miller residence. Please leave a message after the tone and we will call you back.';

export interface CallSheetOptions {
  /** Distinct analysable calls. */
  calls: number;
  /** Rows repeating an earlier call's transcript (with another call id). */
  duplicates?: number;
  voicemails?: number;
  emptyRows?: number;
  /** Rows with a call id but no transcript. */
  missingTranscripts?: number;
  /** Where the distinct calls' numbering starts: sheets with different offsets share no transcript. */
  offset?: number;
}

/** Header `Call ID, Agent, Date, Duration, Transcript` (synonyms the gateway maps), rows interleaved. */
export function callSheet(options: CallSheetOptions): SheetRow[] {
  const rows: SheetRow[] = [];
  const call = (id: string, transcript: string | null, n: number): SheetRow => [id, AGENTS[n % AGENTS.length], `2026-11-${String(1 + (n % 28)).padStart(2, '0')}`, 60 + n, transcript];
  const first = options.offset ?? 0;
  for (let n = first; n < first + options.calls; n++) rows.push(call(`C-${n + 1}`, salesTranscript(n), n));
  for (let i = 0; i < (options.duplicates ?? 0); i++) rows.splice(2 + i * 7, 0, call(`D-${i + 1}`, salesTranscript(first + i), i));
  for (let i = 0; i < (options.voicemails ?? 0); i++) rows.splice(5 + i * 11, 0, call(`V-${i + 1}`, VOICEMAIL, i));
  for (let i = 0; i < (options.missingTranscripts ?? 0); i++) rows.splice(3 + i * 3, 0, call(`M-${i + 1}`, null, i));
  for (let i = 0; i < (options.emptyRows ?? 0); i++) rows.splice(9 + i * 13, 0, null);
  return [['Call ID', 'Agent', 'Date', 'Duration', 'Transcript'], ...rows];
}

const csvCell = (value: string | number | null) => (value === null ? '' : /[",\n\r]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));

export function sheetCsv(rows: SheetRow[]): Buffer {
  return Buffer.from(rows.map((row) => (row ?? []).map(csvCell).join(',')).join('\r\n') + '\r\n');
}

export async function sheetXlsx(rows: SheetRow[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Calls');
  rows.forEach((row, i) => {
    if (row) sheet.getRow(i + 1).values = row.map((v) => v ?? undefined);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

import { type SkippedRow, SCORING_LIMITS } from '@switchboard/contracts';
import { pipeline, type Readable } from 'node:stream';
import { mapColumns, parseMapping, type SheetField } from './sheet-columns.js';

export const SHEET_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type SheetType = keyof typeof SHEET_TYPES;

export interface ParsedCall {
  row: number;
  transcript: string;
  externalId?: string;
  agent?: string;
  date?: string;
  durationSeconds?: number;
}

export interface ParsedSheet {
  calls: ParsedCall[];
  skipped: SkippedRow[];
  moreSkipped: number;
}

/** What makes the whole sheet unusable (the gateway answers 422 with the message). */
export class SheetError extends Error {
  override name = 'SheetError';
}

/** More rows than the configured limit: the limit is named. */
export class TooManyRowsError extends SheetError {
  override name = 'TooManyRowsError';
}

type Cell = unknown;

/** A cell as text: exceljs gives rich text, hyperlinks, formulas and dates as objects. */
function text(cell: Cell): string | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'object') {
    const value = cell as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (value.richText) return value.richText.map((r) => r.text).join('');
    if (value.error) throw new SheetError(`the cell holds the error ${value.error}`);
    if (value.text !== undefined) return text(value.text);
    if (value.result !== undefined) return text(value.result);
    throw new SheetError('the cell is unreadable');
  }
  return String(cell);
}

/** Rows from a CSV or the first worksheet of an xlsx workbook, streamed: each row is handled as it is read. */
async function* rowsOf(type: SheetType, body: Readable): AsyncGenerator<Cell[]> {
  if (type === 'csv') {
    const { parse } = await import('csv-parse');
    const parser = parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    // pipe() forwards no error: a body that fails (over its limit, cut off), even before this
    // point, must end the parse too; pipeline() sees an error already emitted.
    pipeline(body, parser, () => undefined);
    for await (const record of parser) yield record as string[];
    return;
  }
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(body, { sharedStrings: 'cache', hyperlinks: 'cache', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  for await (const worksheet of reader) {
    let expected = 1;
    for await (const row of worksheet as AsyncIterable<{ number: number; values: Cell[] }>) {
      // The reader skips empty rows: they are yielded as such, so row numbers stay the sheet's.
      for (; expected < row.number; expected++) yield [];
      expected = row.number + 1;
      yield (row.values as Cell[]).slice(1);
    }
    return; // the first worksheet only
  }
}

/**
 * A sheet of calls: the header row (synonyms or the explicit mapping) then one call a row. A row
 * that cannot be a call is reported with its number and reason and never stops the others.
 */
export async function parseSheet(type: SheetType, body: Readable, options: { mapping?: string; maxRows: number }): Promise<ParsedSheet> {
  const mapping = parseMapping(options.mapping);
  if ('error' in mapping) throw new SheetError(mapping.error);
  const sheet: ParsedSheet = { calls: [], skipped: [], moreSkipped: 0 };
  const skip = (row: number, reason: string) => {
    if (sheet.skipped.length < SCORING_LIMITS.reportedSkips) sheet.skipped.push({ row, reason: reason.slice(0, SCORING_LIMITS.reason) });
    else sheet.moreSkipped++;
  };
  let columns: Partial<Record<SheetField, number>> | undefined;
  let row = 0;
  try {
    for await (const cells of rowsOf(type, body)) {
      row++;
      if (!columns) {
        const mapped = mapColumns(cells.map((c) => text(c) ?? ''), mapping.fields);
        if ('error' in mapped) throw new SheetError(mapped.error);
        columns = mapped.columns;
        continue;
      }
      if (row - 1 > options.maxRows) throw new TooManyRowsError(`the sheet has more than ${options.maxRows} rows (SCORING_MAX_ROWS)`);
      const call = toCall(row, cells, columns, skip);
      if (call) sheet.calls.push(call);
    }
  } catch (error) {
    if (error instanceof SheetError) throw error;
    throw new SheetError(`the file is not a readable ${type === 'csv' ? 'CSV' : 'xlsx workbook'} (${(error as Error).message.slice(0, 200)})`);
  }
  if (!columns) throw new SheetError('the sheet is empty: a header row naming a transcript column is needed');
  return sheet;
}

function toCall(row: number, cells: Cell[], columns: Partial<Record<SheetField, number>>, skip: (row: number, reason: string) => void): ParsedCall | undefined {
  const read = (field: SheetField): string | undefined => {
    const index = columns[field];
    return index === undefined ? undefined : text(cells[index])?.trim() || undefined;
  };
  try {
    if (cells.every((c) => !text(c)?.trim())) return void skip(row, 'empty row');
    const transcript = read('transcript');
    if (!transcript) return void skip(row, 'no transcript');
    if (transcript.length > SCORING_LIMITS.transcript) return void skip(row, `transcript longer than ${SCORING_LIMITS.transcript} characters`);
    const call: ParsedCall = { row, transcript };
    for (const field of ['externalId', 'agent', 'date'] as const) {
      const value = read(field);
      if (value !== undefined) call[field] = value.slice(0, SCORING_LIMITS.field);
    }
    const duration = read('durationSeconds');
    if (duration !== undefined) {
      const seconds = durationSeconds(duration);
      if (seconds === undefined) return void skip(row, `duration "${duration.slice(0, 40)}" is not a number of seconds or mm:ss`);
      call.durationSeconds = seconds;
    }
    return call;
  } catch (error) {
    return void skip(row, (error as Error).message);
  }
}

/** `95`, `95.5` or `1:35` (`h:mm:ss` too). */
function durationSeconds(value: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^\d+(:\d{1,2}){1,2}$/.test(value)) return value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return undefined;
}

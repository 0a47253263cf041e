import { callSheet, sheetCsv, sheetXlsx } from '@switchboard/testing';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseSheet, SheetError, TooManyRowsError } from './sheet-parser.js';

const parse = (type: 'csv' | 'xlsx', file: Buffer, options: { mapping?: string; maxRows?: number } = {}) =>
  parseSheet(type, Readable.from([file]), { maxRows: options.maxRows ?? 1_000, ...options });

describe('a sheet of calls', () => {
  it.each(['csv', 'xlsx'] as const)('maps synonym headers and reports unusable rows by number (%s)', async (type) => {
    const rows = callSheet({ calls: 20, emptyRows: 2, missingTranscripts: 10 });
    const file = type === 'csv' ? sheetCsv(rows) : await sheetXlsx(rows);
    const sheet = await parse(type, file);
    expect(sheet.calls).toHaveLength(20);
    expect(sheet.calls[0]).toMatchObject({ row: 2, externalId: 'C-1', agent: 'Ana', durationSeconds: 60 });
    expect(sheet.skipped).toHaveLength(12);
    const expected = rows.flatMap((row, i) => (row === null ? [{ row: i + 1, reason: 'empty row' }] : row[4] === null ? [{ row: i + 1, reason: 'no transcript' }] : []));
    expect(sheet.skipped).toEqual(expected);
  });

  it('takes the transcript from the column an explicit mapping names', async () => {
    const file = sheetCsv([['Call ID', 'Notes'], ['A-1', 'Agent: hello there, how are you today?']]);
    await expect(parse('csv', file)).rejects.toThrow(/no transcript column: the header row has "Call ID", "Notes"/);
    expect((await parse('csv', file, { mapping: 'transcript:Notes' })).calls).toEqual([{ row: 2, transcript: 'Agent: hello there, how are you today?', externalId: 'A-1' }]);
    await expect(parse('csv', file, { mapping: 'transcript:Body' })).rejects.toThrow(/no such column/);
  });

  it('refuses more rows than the limit, naming it', async () => {
    await expect(parse('csv', sheetCsv(callSheet({ calls: 11 })), { maxRows: 10 })).rejects.toThrow(TooManyRowsError);
  });

  it('refuses a file that is not what its type says', async () => {
    const failure = await parse('xlsx', Buffer.from('\x89PNG\r\n\x1a\n not a workbook')).catch((e) => e);
    expect(failure).toBeInstanceOf(SheetError);
    expect(failure.message).toMatch(/not a readable xlsx workbook/);
  });

  it('reports a duration it cannot read as the row reason', async () => {
    const sheet = await parse('csv', sheetCsv([['transcript', 'duration'], ['Agent: hello, this is a long enough call to judge', 'soon']]));
    expect(sheet.skipped).toEqual([{ row: 2, reason: 'duration "soon" is not a number of seconds or mm:ss' }]);
  });
});

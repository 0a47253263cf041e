import { HttpStatus } from '@nestjs/common';
import type { Request } from 'express';
import { Transform } from 'node:stream';
import { ProblemException } from '../http/problem.exception.js';
import { uploadedFile } from '../http/uploaded-file.js';
import { type ParsedSheet, parseSheet, SHEET_TYPES, SheetError, type SheetType, TooManyRowsError } from './sheet-parser.js';

class TooLargeError extends Error {}

/** Counts a body as it streams: one sent without a length still stops at the limit. */
const limitBytes = (maxBytes: number) => {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new TooLargeError() : null, chunk);
    },
  });
};

const unprocessable = (detail: string) => new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, { slug: 'unusable-sheet', title: 'UNUSABLE_SHEET', detail });

/**
 * The uploaded sheet, parsed as it streams in: its type from Content-Type (415 otherwise), 413
 * past the byte limit, 422 when the sheet as a whole is unusable or over the row limit, both named.
 */
export async function readSheet(request: Request, limits: { maxBytes: number; maxRows: number; mapping?: string }): Promise<ParsedSheet> {
  const type = (Object.keys(SHEET_TYPES) as SheetType[]).find((t) => request.is(SHEET_TYPES[t]));
  if (!type) {
    throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, {
      slug: 'unsupported-sheet',
      title: 'UNSUPPORTED_SHEET',
      detail: `send the sheet as the body with Content-Type ${SHEET_TYPES.csv} or ${SHEET_TYPES.xlsx}`,
    });
  }
  const { body, complete } = uploadedFile(request, request, request.query);
  const limiter = limitBytes(limits.maxBytes);
  // The parsers pipe their input, and pipe() forwards no error (exceljs would wait for the rest of
  // a zip forever): a body over its limit, or cut off, fails the upload by itself.
  let tooLarge = false;
  const bodyFailed = new Promise<never>((_resolve, reject) =>
    limiter.once('error', (error) => {
      tooLarge = error instanceof TooLargeError;
      reject(error);
    }),
  );
  bodyFailed.catch(() => undefined); // observed by the race; this only keeps a late rejection handled
  body.on('error', (error) => limiter.destroy(error));
  try {
    // The sheet is used only once the upload's checks on the whole file passed (an Idempotency-Key used before answers instead).
    const parsed = parseSheet(type, body.pipe(limiter), { mapping: limits.mapping, maxRows: limits.maxRows });
    const [sheet] = await Promise.race([Promise.all([parsed, complete]), bodyFailed]);
    return sheet;
  } catch (error) {
    if (tooLarge) {
      throw new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, { slug: 'sheet-too-large', title: 'SHEET_TOO_LARGE', detail: `the sheet is larger than the ${limits.maxBytes}-byte limit (SCORING_MAX_FILE_BYTES)` });
    }
    if (error instanceof TooManyRowsError || error instanceof SheetError) throw unprocessable(error.message);
    throw error;
  }
}

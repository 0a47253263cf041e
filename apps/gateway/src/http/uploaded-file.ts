import type { Request } from 'express';
import { createHash } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';

/** A check on a whole uploaded file: its bytes' SHA-256, with the upload's other inputs. */
export type UploadCheck = (file: { sha256: string; fields: unknown }) => Promise<void>;

const checksOf = new WeakMap<Request, UploadCheck[]>();

/** The edge marks a request to an upload route (it knows the routes) before any guard or handler runs. */
export function markUpload(request: Request): void {
  checksOf.set(request, []);
}

/**
 * Runs `check` once the upload's file has arrived whole and before its handler acts on it: what a
 * parsed body gives other routes (e.g. the Idempotency-Key's request fingerprint), since an upload
 * route's handler streams its body and nothing else sees it. False when the request is not an
 * upload route's.
 */
export function onUploadComplete(request: Request, check: UploadCheck): boolean {
  const checks = checksOf.get(request);
  checks?.push(check);
  return checks !== undefined;
}

/**
 * An upload's file as its handler reads it: `file` (the request itself, or a multipart part) passed
 * on as it arrives and hashed on the way; `fields` are the inputs the file goes with (the query, a
 * form's text fields). The checks run when the last byte has passed and hold back the stream's end,
 * so a parser sees the end only after them. `complete` settles once they have: a handler creates
 * nothing before it is fulfilled, and fails with its reason when it rejects.
 */
export function uploadedFile(request: Request, file: Readable, fields: unknown): { body: Readable; complete: Promise<void> } {
  const checks = checksOf.get(request);
  if (!checks) throw new Error(`${request.method} ${request.path} is not an upload route (configure-http.ts lists them)`);
  const hash = createHash('sha256');
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const sha256 = hash.digest('hex');
      Promise.all(checks.map((check) => check({ sha256, fields }))).then(() => done(), done);
    },
  });
  file.on('error', (error) => body.destroy(error));
  file.pipe(body);
  // 'finish' follows flush, so the checks; a handler that failed before awaiting it leaves no unhandled rejection.
  const complete = finished(body, { readable: false });
  complete.catch(() => undefined);
  return { body, complete };
}

import { HttpStatus } from '@nestjs/common';
import { SNIFF_BYTES, sniffMediaType, StorageLimitError, VideoStoragePort } from '@switchboard/providers';
import busboy from 'busboy';
import type { Request } from 'express';
import { Transform } from 'node:stream';
import { ProblemException } from '../http/problem.exception.js';
import { uploadedFile } from '../http/uploaded-file.js';

export interface UploadedVideo {
  fields: Record<string, string>;
  bytes: number;
  contentType: string;
}

const MAX_FIELDS = 10;
const MAX_FIELD_BYTES = 1_000;

class UnsupportedMedia extends Error {}

/**
 * Streams a multipart upload's one `file` part into storage at `key`: never held whole in memory
 * (busboy hands the bytes on as they arrive, storage writes them with backpressure). The type is
 * sniffed from the first bytes (415 when it is not media we read), more than `maxBytes` is 413
 * and stores nothing. Text fields must come before the file, so they can be checked first.
 */
export function receiveVideo(request: Request, storage: VideoStoragePort, key: string, maxBytes: number, checkFields: (fields: Record<string, string>) => void): Promise<UploadedVideo> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let upload: Promise<UploadedVideo> | undefined;
    let file: NodeJS.ReadableStream & { destroy(error?: Error): void } | undefined;
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, fileSize: maxBytes + 1 } });
    } catch (error) {
      return reject(new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, { slug: 'unsupported-media', title: 'UNSUPPORTED_MEDIA', detail: `expected multipart/form-data: ${(error as Error).message}` }));
    }
    const fail = (error: unknown) => {
      // A body cut short leaves the file part unfinished: ending it makes storage drop the partial file.
      file?.destroy(new Error('the upload ended early'));
      request.unpipe(parser);
      request.resume(); // the rest of the body is discarded, so the answer can be read
      reject(error);
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream) => {
      if (name !== 'file' || upload) {
        stream.resume();
        return;
      }
      try {
        checkFields(fields);
      } catch (error) {
        stream.resume();
        return fail(error);
      }
      file = stream;
      let contentType = '';
      const sniffed = sniffing((type) => (contentType = type));
      // Its failure is the upload's (storage.write rejects with it); a write racing the unpipe must not throw again.
      sniffed.on('error', () => undefined);
      stream.on('limit', () => stream.destroy(new StorageLimitError(`the video is larger than the ${maxBytes}-byte limit`)));
      // The upload's checks (Idempotency-Key) hold back the file's end: storage keeps nothing they refuse.
      const { body } = uploadedFile(request, stream, { ...fields });
      body.on('error', (error) => sniffed.destroy(error));
      upload = storage.write(key, body.pipe(sniffed), maxBytes).then(({ bytes }) => ({ fields, bytes, contentType }));
      upload.catch((error) => {
        // Stored nothing: what is left of the body is read and dropped, and the answer goes now.
        body.unpipe(sniffed);
        body.resume();
        fail(asProblem(error));
      });
    });
    parser.on('close', () => {
      if (!upload) return reject(new ProblemException(HttpStatus.BAD_REQUEST, { slug: 'invalid', title: 'INVALID', detail: 'no file part named "file"', errors: [{ field: 'file', messages: ['file is required'] }] }));
      upload.then(resolve, () => undefined);
    });
    parser.on('error', (error) => fail(asProblem(error)));
    request.on('close', () => {
      if (!request.complete) fail(new Error('the client closed the upload before it ended'));
    });
    request.pipe(parser);
  });
}

/** Passes the bytes on, once their first SNIFF_BYTES say they are media; fails the stream otherwise. */
function sniffing(found: (type: string) => void): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  let refused = false;
  return new Transform({
    transform(part: Buffer, _encoding, done) {
      if (refused) return done();
      if (!head) return done(null, part);
      head = Buffer.concat([head, part]);
      if (head.length < SNIFF_BYTES) return done();
      const type = sniffMediaType(head);
      if (!type) {
        refused = true;
        return done(new UnsupportedMedia('the file is not a video or audio format we read (MP4, MOV, MKV/WebM, AVI, MPEG, WAV, MP3, Ogg, FLAC)'));
      }
      found(type);
      const all = head;
      head = undefined;
      done(null, all);
    },
    flush(done) {
      if (head) return done(new UnsupportedMedia('the file is too short to be media'));
      done();
    },
  });
}

function asProblem(error: unknown): unknown {
  if (error instanceof StorageLimitError) return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, { slug: 'too-large', title: 'TOO_LARGE', detail: error.message });
  if (error instanceof UnsupportedMedia) return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, { slug: 'unsupported-media', title: 'UNSUPPORTED_MEDIA', detail: error.message });
  return error;
}

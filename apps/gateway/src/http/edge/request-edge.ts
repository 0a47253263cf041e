import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isUtf8 } from 'node:buffer';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { aboutBlank, type Problem } from '../problem.exception.js';
import { markUpload } from '../uploaded-file.js';
import { invalidFields } from '../validation.pipe.js';
import { findUnstorable } from './storable-json.js';
import { writeProblem, writeRawProblem } from './write-problem.js';

type Middleware = (request: Request, response: Response, next: NextFunction) => void;

const hasBody = (request: Request): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;

/** How long a refused request's body may go on arriving, discarded, before its connection is closed. */
const LINGER_MS = 2_000;

/**
 * Answers without reading the body, then closes in stages (RFC 9112 §9.6): the client may still be
 * sending, and a connection closed with its bytes unread is reset, which can destroy the answer
 * before the client reads it. So only our side is closed after the answer, what still arrives is
 * read and dropped, and the socket is closed once the client ends or after LINGER_MS. The answer is
 * written to the socket itself: Node's response API would close the whole socket at once when the
 * request asked for `Connection: close`.
 */
function refuseUnread(request: Request, problem: Problem): void {
  const socket = request.socket;
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(linger));
  request.resume();
  writeRawProblem(socket, problem);
  socket.end();
}

/** A route that takes a file as its body (its handler streams it): limits of its own, not JSON. */
export interface UploadRoute {
  path: RegExp;
  maxBytes: number;
  /** The setting that sets the limit, named in a 413. */
  limitName: string;
  /** How long the body may take to arrive (uploads can be long), else the gateway's REQUEST_TIMEOUT_MS. */
  timeoutMs?: number;
  /** The one content type the route reads (e.g. multipart/form-data), else any. */
  contentType?: string;
}

/**
 * What can be refused before a body is read, so the answer does not wait for a body it will not
 * use (body-parser drains a refused body before answering; `Content-Length: 10000000000` would never
 * be answered): a declared length over the limit is 413, an API body that is not JSON is 415. A body
 * still arriving after `timeoutMs` is 408: a client sending a byte a minute holds no connection for long.
 * An upload route has its own size and time limits, and the content type it declares; its handler
 * reads the body with `uploadedFile`, which fingerprints the file for `Idempotency-Key`.
 */
export function refuseBeforeReading(options: { maxBodyBytes: number; timeoutMs: number; uploads?: UploadRoute[] }): Middleware {
  return (request, response, next) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    const upload = options.uploads?.find((u) => request.method === 'POST' && u.path.test(request.path));
    const limit = upload?.maxBytes ?? options.maxBodyBytes;
    if (declared > limit) {
      const named = upload ? ` (${upload.limitName})` : '';
      return refuseUnread(request, aboutBlank(HttpStatus.PAYLOAD_TOO_LARGE, `the request body is larger than the ${limit}-byte limit${named}`));
    }
    if (upload) markUpload(request);
    if (!hasBody(request)) return next();
    if (request.path.startsWith('/v1/') && !upload && !request.is('application/json')) {
      return refuseUnread(request, aboutBlank(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'API request bodies are JSON: send Content-Type: application/json'));
    }
    if (upload?.contentType && !request.is(upload.contentType)) {
      return refuseUnread(request, aboutBlank(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `this upload is ${upload.contentType}`));
    }
    const timeoutMs = upload?.timeoutMs ?? options.timeoutMs;
    const deadline = setTimeout(() => {
      // The client is slow, not sending much: the connection can close as soon as it is answered.
      if (!response.headersSent) writeProblem(response, aboutBlank(HttpStatus.REQUEST_TIMEOUT, `the request body did not arrive within ${timeoutMs} ms`), { Connection: 'close' });
      request.socket.destroySoon();
    }, timeoutMs);
    const settle = () => clearTimeout(deadline);
    request.once('end', settle);
    request.once('close', settle);
    next();
  };
}

/**
 * body-parser's `verify`: a body that says UTF-8 must be UTF-8. Decoding would otherwise turn each
 * invalid byte into U+FFFD silently, and store text the client never sent.
 */
export function assertUtf8(_request: unknown, _response: unknown, body: Buffer, encoding: string | null): void {
  if (encoding?.toLowerCase().replace('_', '-') === 'utf-8' && !isUtf8(body)) {
    throw Object.assign(new Error('the request body is not valid UTF-8'), { status: HttpStatus.BAD_REQUEST, type: 'entity.encoding.invalid' });
  }
}

/** After parsing: a body too deep to walk, with reserved keys or text PostgreSQL cannot store, is 400 naming the field. */
export const refuseUnstorable: Middleware = (request, _response, next) => {
  const found = findUnstorable(request.body) ?? findUnstorable(request.query);
  if (!found) return next();
  next(invalidFields([{ field: found.field, messages: [`${found.field} ${found.problem}`] }]));
};

/**
 * Requests Node's HTTP parser refuses before Express sees them (a malformed request line or header,
 * headers too large, a request not complete within the server's timeout) get a problem too, instead
 * of Node's bare status line or a dropped connection.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    if (!socket.writable || socket.bytesWritten > 0) return socket.destroy();
    const status =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? HttpStatus.REQUEST_TIMEOUT
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? 431
          : HttpStatus.BAD_REQUEST;
    writeRawProblem(socket, aboutBlank(status, status === HttpStatus.BAD_REQUEST ? 'the request is not valid HTTP' : error.message));
    socket.end();
  });
}

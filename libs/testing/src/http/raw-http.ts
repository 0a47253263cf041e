import { connect } from 'node:net';

/** A request as bytes on the wire: fetch refuses most of what a hostile client sends. */
export interface RawRequest {
  method: string;
  /** The request target exactly as sent: origin-form (`/v1/...`), absolute-form, raw bytes. */
  target: string | Buffer;
  headers: [name: string, value: string | Buffer][];
  body?: Buffer;
  /** Content-Length to declare when it is not the body's length (a truncated body). */
  declaredLength?: number;
  /** Send the body in pieces this far apart (a slow client), rather than at once. */
  slow?: { pieces: number; everyMs: number };
}

export type Outcome =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: Buffer; elapsedMs: number }
  | { kind: 'dropped'; reason: string; elapsedMs: number }
  | { kind: 'hang'; elapsedMs: number };

const CRLF = '\r\n';

export function serialize(request: RawRequest, host: string): { head: Buffer; body: Buffer } {
  const body = request.body ?? Buffer.alloc(0);
  const headers: RawRequest['headers'] = [['Host', host], ...request.headers, ['Connection', 'close']];
  if (!request.headers.some(([name]) => name.toLowerCase() === 'content-length') && (body.length > 0 || request.declaredLength !== undefined)) {
    headers.push(['Content-Length', String(request.declaredLength ?? body.length)]);
  }
  const parts: Buffer[] = [Buffer.from(`${request.method} `), Buffer.from(request.target), Buffer.from(` HTTP/1.1${CRLF}`)];
  for (const [name, value] of headers) parts.push(Buffer.from(`${name}: `), Buffer.from(value), Buffer.from(CRLF));
  parts.push(Buffer.from(CRLF));
  return { head: Buffer.concat(parts), body };
}

/**
 * Sends one request on a fresh connection and reads one response (Content-Length or chunked).
 * A connection closed before a whole response is `dropped`; no whole response by `deadlineMs`
 * is a `hang`. The socket is kept open after a truncated body, as a stalled client would.
 */
export function exchange(origin: URL, request: RawRequest, deadlineMs: number): Promise<Outcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const { head, body } = serialize(request, origin.host);
  return new Promise((resolve) => {
    const socket = connect({ host: origin.hostname, port: Number(origin.port) });
    let received = Buffer.alloc(0);
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      socket.destroy();
      resolve(outcome);
    };
    timers.push(setTimeout(() => finish({ kind: 'hang', elapsedMs: elapsed() }), deadlineMs));
    socket.on('connect', () => {
      socket.write(head);
      if (!request.slow) return void socket.write(body);
      const size = Math.ceil(body.length / request.slow.pieces);
      for (let i = 0; i < request.slow.pieces; i++) {
        const piece = body.subarray(i * size, (i + 1) * size);
        timers.push(setTimeout(() => socket.writable && socket.write(piece), i * request.slow.everyMs));
      }
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const response = parseResponse(received);
      if (response) finish({ kind: 'answer', ...response, elapsedMs: elapsed() });
    });
    // A server may answer and close while the client is still writing (a 413 on the header):
    // what counts is whether a whole response arrived first.
    socket.on('error', (error) => {
      const response = parseResponse(received);
      finish(response ? { kind: 'answer', ...response, elapsedMs: elapsed() } : { kind: 'dropped', reason: error.message, elapsedMs: elapsed() });
    });
    socket.on('close', () => {
      const response = parseResponse(received, true);
      finish(response ? { kind: 'answer', ...response, elapsedMs: elapsed() } : { kind: 'dropped', reason: 'closed before a whole response', elapsedMs: elapsed() });
    });
  });
}

/** The response in `data` once it is complete; at `closed`, a body without framing ends there. */
function parseResponse(data: Buffer, closed = false): { status: number; headers: Record<string, string>; body: Buffer } | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split(CRLF);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = data.subarray(end + 4);
  if (headers['transfer-encoding']?.includes('chunked')) {
    const body = dechunk(rest);
    return body && { status, headers, body };
  }
  const length = headers['content-length'] === undefined ? undefined : Number(headers['content-length']);
  if (length !== undefined) return rest.length >= length ? { status, headers, body: rest.subarray(0, length) } : undefined;
  return closed || status === 204 || status === 304 ? { status, headers, body: rest } : undefined;
}

function dechunk(data: Buffer): Buffer | undefined {
  const pieces: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(pieces);
    if (data.length < lineEnd + 2 + size + 2) return undefined;
    pieces.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

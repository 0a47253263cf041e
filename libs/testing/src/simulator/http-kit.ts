import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault } from './simulator-state.js';

export interface SimRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Form or JSON body, parsed by content type (multipart stays in `raw`). */
  body: Record<string, unknown>;
  raw: Buffer;
}

/** JSON `body`, or `raw` bytes (audio) with their own content type in `headers`. */
export type Reply = { status: number; body?: unknown; raw?: Buffer; headers?: Record<string, string> } | 'drop';

/** `fault` is the fault in force for this request, for handlers whose faults shape later behaviour. */
export type Handler = (request: SimRequest, params: Record<string, string>, fault?: Fault) => Promise<Reply> | Reply;

export interface Route {
  method: string;
  pattern: RegExp;
  /** `<provider>.<endpoint>`: the key for faults and the request log. */
  endpoint: string;
  handle: Handler;
  /**
   * The handler's work is the provider's own (hearing audio, say) and runs while a latency fault
   * counts down instead of after it: the answer comes `latencyMs` after the request, as scripted,
   * unless the work takes longer. Elsewhere the latency comes first (a call is placed only then).
   */
  workDuringLatency?: boolean;
}

/** `/2010-04-01/Accounts/:accountSid/Calls.json` -> a regex with named groups. */
export function route(method: string, template: string, endpoint: string, handle: Handler, options: Pick<Route, 'workDuringLatency'> = {}): Route {
  const pattern = new RegExp(`^${template.replace(/\./g, '\\.').replace(/:(\w+)/g, '(?<$1>[^/]+?)')}$`);
  return { method, pattern, endpoint, handle, ...options };
}

export async function readRequest(message: IncomingMessage): Promise<SimRequest> {
  const parts: Buffer[] = [];
  for await (const chunk of message) parts.push(chunk as Buffer);
  const raw = Buffer.concat(parts);
  const url = new URL(message.url ?? '/', 'http://simulator');
  const type = message.headers['content-type'] ?? '';
  // A multipart body (audio, 19 MB for ten minutes) is never decoded as text: that alone cost the
  // simulator more CPU than the transcription service spent on the same request.
  const text = type.includes('multipart/') ? '' : raw.toString('utf8');
  const body = !text ? {} : type.includes('application/json') ? (JSON.parse(text) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
  return { method: message.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: message.headers, body, raw };
}

export function send(response: ServerResponse, reply: Reply): void {
  if (reply === 'drop') {
    response.socket?.destroy();
    return;
  }
  response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  response.end(reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)));
}

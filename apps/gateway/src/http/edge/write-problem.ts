import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Problem } from '../problem.exception.js';

/** A problem answered with Node's own response API: for the edge, before (or without) Express. */
export function writeProblem(response: ServerResponse, problem: Problem, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(problem);
  response.writeHead(problem.status, { ...headers, 'Content-Type': 'application/problem+json', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * A problem written straight to the connection, for answers Node's response API cannot give: before
 * a request was parsed, or when the connection must stay open for reading after the answer. The
 * answer says it closes the connection; the caller closes it.
 */
export function writeRawProblem(socket: Socket, problem: Problem): void {
  const body = JSON.stringify(problem);
  socket.write(
    `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

import { HttpStatus } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { aboutBlank } from '../problem.exception.js';
import { writeProblem } from './write-problem.js';

/** An absolute-form target: scheme and authority, then the path and query as sent. */
const ABSOLUTE_FORM = /^https?:\/\/[^/?#]*(.*)$/is;

/**
 * The origin form (`/path?query`) of a request target. An absolute-form target (RFC 9112 §3.2.2:
 * a server must accept it) is reduced to its path and query, byte for byte as sent (no dot
 * segments resolved: a signature covers them): the host it names is only the client's word, and
 * the gateway serves one. Anything else has no form we serve.
 */
export function originForm(target: string): string | undefined {
  if (target.startsWith('/')) return target;
  const rest = ABSOLUTE_FORM.exec(target)?.[1];
  if (rest === undefined || !URL.canParse(target)) return undefined;
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * Every request reaches Express with an origin-form target, so routing, `originalUrl` and the URL
 * a webhook's signature covers see one form; a target with none is answered 400 here (Express
 * would answer it with its own HTML 404).
 */
export function originFormTargets(server: Server): void {
  const listeners = server.listeners('request') as ((request: IncomingMessage, response: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const target = originForm(request.url ?? '');
    if (target === undefined) {
      writeProblem(response, aboutBlank(HttpStatus.BAD_REQUEST, 'the request target is neither a path nor an http(s) URL'), { Connection: 'close' });
      return;
    }
    request.url = target;
    for (const listener of listeners) listener.call(server, request, response);
  });
}

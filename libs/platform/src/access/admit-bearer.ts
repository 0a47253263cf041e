import { type ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { type BearerKeys, bearerToken } from './bearer-keys.js';

/**
 * The caller of a request that must carry `Authorization: Bearer <key>` with one of `keys`: 401
 * naming the scheme (RFC 6750) when it carries none, 403 when the key is not one of them.
 * Returns the key's digest, which names the caller without the secret.
 */
export function admitBearer(context: ExecutionContext, keys: BearerKeys, refusals: { missing: string; unknown: string }): string {
  const http = context.switchToHttp();
  const token = bearerToken(http.getRequest<Request>().headers.authorization);
  if (token === undefined) {
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw new UnauthorizedException(refusals.missing);
  }
  const caller = keys.match(token);
  if (caller === undefined) throw new ForbiddenException(refusals.unknown);
  return caller;
}

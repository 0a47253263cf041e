import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayConfig } from '../gateway.config.js';

const sha256 = (key: string): Buffer => createHash('sha256').update(key).digest();

const callers = new WeakMap<Request, string>();

/** The sha256 (hex) of the API key ApiKeyGuard accepted for this request: who is calling, without the secret. */
export const apiKeyHashOf = (request: Request): string | undefined => callers.get(request);

/**
 * Admits a request carrying `Authorization: Bearer <key>` with one of the configured API_KEYS.
 * Keys are compared as sha256 digests with timingSafeEqual, and against every key, so neither a
 * key's length nor its position in the list shows in the response time.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly digests: Buffer[];

  constructor(config: GatewayConfig) {
    this.digests = config.apiKeys.map(sha256);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const token = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      // RFC 6750: a 401 names the scheme the client should use.
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException('send an API key as "Authorization: Bearer <key>"');
    }
    const digest = sha256(token);
    let known = false;
    for (const candidate of this.digests) known = timingSafeEqual(digest, candidate) || known;
    if (!known) throw new ForbiddenException('the API key is not valid');
    callers.set(request, digest.toString('hex'));
    return true;
  }
}

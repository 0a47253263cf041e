import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { admitBearer, BearerKeys } from '@switchboard/platform';
import type { Request } from 'express';
import { GatewayConfig } from '../gateway.config.js';

const callers = new WeakMap<Request, string>();

/** The sha256 (hex) of the API key ApiKeyGuard accepted for this request: who is calling, without the secret. */
export const apiKeyHashOf = (request: Request): string | undefined => callers.get(request);

/** Records who a guard other than ApiKeyGuard admitted (the console's), for the idempotency scope. */
export const rememberCaller = (request: Request, digest: string): void => void callers.set(request, digest);

/** Admits a request carrying `Authorization: Bearer <key>` with one of the configured API_KEYS. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keys: BearerKeys;

  constructor(config: GatewayConfig) {
    this.keys = new BearerKeys(config.apiKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    const caller = admitBearer(context, this.keys, { missing: 'send an API key as "Authorization: Bearer <key>"', unknown: 'the API key is not valid' });
    callers.set(context.switchToHttp().getRequest<Request>(), caller);
    return true;
  }
}

import { applyDecorators, type CanActivate, type ExecutionContext, ForbiddenException, Injectable, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiForbiddenResponse } from '@nestjs/swagger';
import { Reflector } from '@nestjs/core';
import { admitBearer, BearerKeys } from '@switchboard/platform';
import type { Request } from 'express';
import { GatewayConfig } from '../../gateway.config.js';
import { rememberCaller } from '../../http/api-key.guard.js';

export type ConsoleRole = 'reader' | 'operator';

const OPERATOR_ONLY = 'console:operator-only';
const roles = new WeakMap<Request, { role: ConsoleRole; actor: string }>();

/**
 * Marks a console route that changes something: only operator keys (OPS_KEYS) may call it. The
 * OpenAPI document says so (`x-switchboard-role: operator`), for clients and for the fuzzer.
 */
export const OperatorOnly = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(OPERATOR_ONLY, true),
    ApiExtension('x-switchboard-role', 'operator'),
    ApiForbiddenResponse({ description: 'The key is not an operator key (OPS_KEYS)' }),
  );

/** Who called, and as what: an operator key's digest (shortened) names the actor in the audit trail. */
export const consoleCaller = (request: Request): { role: ConsoleRole; actor: string } => roles.get(request) ?? { role: 'reader', actor: 'unknown' };

/**
 * The console's two roles: any API key (API_KEYS) reads, an operator key (OPS_KEYS) also acts.
 * A read-only key's POST to an action is refused 403 whatever the page shows.
 */
@Injectable()
export class ConsoleAccessGuard implements CanActivate {
  private readonly keys: BearerKeys;
  private readonly operators: BearerKeys;

  constructor(
    config: GatewayConfig,
    private readonly reflector: Reflector,
  ) {
    this.keys = new BearerKeys([...config.apiKeys, ...config.opsKeys]);
    this.operators = new BearerKeys(config.opsKeys);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const caller = admitBearer(context, this.keys, {
      missing: 'send an API key or an operator key as "Authorization: Bearer <key>"',
      unknown: 'the key is not one of API_KEYS or OPS_KEYS',
    });
    const token = request.headers.authorization?.replace(/^Bearer +/i, '').trim() ?? '';
    const role: ConsoleRole = this.operators.match(token) ? 'operator' : 'reader';
    roles.set(request, { role, actor: `key:${caller.slice(0, 12)}` });
    rememberCaller(request, caller);
    if (role !== 'operator' && this.reflector.get<boolean>(OPERATOR_ONLY, context.getHandler())) {
      throw new ForbiddenException('this action needs an operator key (OPS_KEYS); your key may only read');
    }
    return true;
  }
}

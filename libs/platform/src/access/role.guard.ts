import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ServiceConfig } from '../config/service-config.js';
import { bearerToken, type Caller, Keyring, type Role } from './keyring.js';

const REQUIRED_ROLE = 'switchboard:required-role';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const callers = new WeakMap<Request, Caller>();

/**
 * The role a route (method) or every route of a controller (class) needs. Without it, a GET needs
 * `reader` and any other method `writer`, so a route added later is never open to a read-only key.
 */
export const RequiresRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

/** Who RoleGuard admitted for this request (undefined on a route it does not guard). */
export const callerOf = (request: Request): Caller | undefined => callers.get(request);

/**
 * The one check of `Authorization: Bearer <key>` for every guarded route of every service: 401
 * naming the scheme (RFC 6750) without a key, 403 for a key that is none of the configured ones,
 * 403 naming the role needed and the settings that grant it for a key without that role.
 */
@Injectable()
export class RoleGuard implements CanActivate {
  private readonly keyring: Keyring;

  constructor(
    config: ServiceConfig,
    private readonly reflector: Reflector,
  ) {
    this.keyring = new Keyring(config.keyGrants);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const needed =
      this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, [context.getHandler(), context.getClass()]) ??
      (SAFE_METHODS.has(request.method) ? 'reader' : 'writer');
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(`send a key with the ${needed} role (${this.keyring.settingsFor(needed).join(', ')}) as "Authorization: Bearer <key>"`);
    }
    const caller = this.keyring.match(token);
    if (caller === undefined) throw new ForbiddenException('the key is not one of the configured keys');
    callers.set(request, caller);
    if (!caller.roles.includes(needed)) {
      throw new ForbiddenException(
        `this needs the ${needed} role, which keys of ${this.keyring.settingsFor(needed).join(' or ')} hold; this key holds ${caller.roles.join(', ')}`,
      );
    }
    return true;
  }
}

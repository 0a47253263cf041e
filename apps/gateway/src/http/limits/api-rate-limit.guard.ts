import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { callerOf, SERVICE_SCHEMA } from '@switchboard/platform';
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import pg from 'pg';
import { GatewayConfig } from '../../gateway.config.js';
import { ProblemException } from '../problem.exception.js';
import { PostgresRateLimitStore } from './postgres-rate-limit.store.js';

/**
 * At most API_RATE_LIMIT requests per API_RATE_WINDOW_MS for each API key, counted in PostgreSQL
 * so replicas share them. It runs after RoleGuard, keyed by the key's digest that guard recorded: a
 * request without a valid key is refused there and spends no key's budget. Every answer carries
 * the IETF RateLimit and RateLimit-Policy headers (draft 8); a refusal is a 429 problem with
 * Retry-After. If PostgreSQL cannot count, the request goes on: the limit must not be an outage.
 */
@Injectable()
export class ApiRateLimitGuard implements CanActivate {
  private readonly limiter?: RateLimitRequestHandler;

  constructor(config: GatewayConfig, @Inject(pg.Pool) pool: pg.Pool, @Inject(SERVICE_SCHEMA) schema: string) {
    if (config.API_RATE_LIMIT === 0) return;
    this.limiter = rateLimit({
      limit: config.API_RATE_LIMIT,
      windowMs: config.API_RATE_WINDOW_MS,
      store: new PostgresRateLimitStore(pool, schema),
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: 'api-key',
      keyGenerator: (request) => callerOf(request as Request)?.digest ?? '',
      passOnStoreError: true,
      handler: (_request, _response, next, options) =>
        next(
          new ProblemException(HttpStatus.TOO_MANY_REQUESTS, {
            slug: 'rate-limited',
            title: 'Too many requests',
            detail: `this API key may make ${options.limit as number} requests every ${options.windowMs / 1000} s; retry after the number of seconds in Retry-After`,
          }),
        ),
      // Nest, not a proxy, decides who the caller is here: the IP checks do not apply.
      validate: { ip: false, trustProxy: false, xForwardedForHeader: false },
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limiter) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (callerOf(request) === undefined) throw new Error('ApiRateLimitGuard runs only behind RoleGuard (see ApiController)');
    const limiter = this.limiter;
    await new Promise<void>((resolve, reject) => void limiter(request, http.getResponse<Response>(), (error?: unknown) => (error ? reject(error) : resolve())));
    return true;
  }
}

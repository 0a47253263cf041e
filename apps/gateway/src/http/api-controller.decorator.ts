import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RoleGuard } from '@switchboard/platform';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { ApiRateLimitGuard } from './limits/api-rate-limit.guard.js';

/**
 * A controller of the public REST API, served under `/v1/<path>`: a GET needs a key with the
 * reader role, any other method the writer role (RoleGuard); callers are held to their key's rate
 * limit (ApiRateLimitGuard, once the key is known), POSTs honour `Idempotency-Key`, and the OpenAPI
 * document lists it under the tag `<path>` with bearer auth.
 * Webhooks and /health use plain @Controller, as they are called without an API key (webhooks are
 * signed; /ops and /metrics take an operator key, OPS_KEYS).
 */
export const ApiController = (path: string): ClassDecorator =>
  applyDecorators(Controller(`v1/${path}`), UseGuards(RoleGuard, ApiRateLimitGuard), UseInterceptors(IdempotencyInterceptor), ApiBearerAuth(), ApiTags(path));

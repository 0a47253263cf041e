import { applyDecorators, Controller, Param, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { callerOf, RequiresRole, RoleGuard } from '@switchboard/platform';
import type { Request } from 'express';
import { IdempotencyInterceptor } from '../../http/idempotency.interceptor.js';
import { invalidFields } from '../../http/validation.pipe.js';

/**
 * A controller of the console's API under `/v1/console/<path>`: the REST API the page calls and
 * scripts can call, in the OpenAPI document under the tag `console`. Any key with the reader role
 * reads (READ_API_KEYS, API_KEYS, OPS_KEYS); routes marked @OperatorOnly need the operator role.
 */
export const ConsoleController = (path: string): ClassDecorator =>
  applyDecorators(
    Controller(`v1/console/${path}`),
    UseGuards(RoleGuard),
    UseInterceptors(IdempotencyInterceptor),
    ApiBearerAuth(),
    ApiTags('console'),
  );

/**
 * Marks a console route that changes something: only keys with the operator role (OPS_KEYS,
 * ADMIN_KEYS) may call it, whatever the page shows. The OpenAPI document says so
 * (`x-switchboard-role: operator`), for clients and for the fuzzer.
 */
export const OperatorOnly = (): MethodDecorator =>
  applyDecorators(
    RequiresRole('operator'),
    ApiExtension('x-switchboard-role', 'operator'),
    ApiForbiddenResponse({ description: 'The key does not hold the operator role (OPS_KEYS, ADMIN_KEYS)' }),
  );

/** Who called, as the page shows it: operator or reader, and the key's digest (shortened) that names the actor in the audit trail. */
export const consoleCaller = (request: Request): { role: 'reader' | 'operator'; roles: string[]; actor: string } => {
  const caller = callerOf(request);
  return {
    role: caller?.roles.includes('operator') ? 'operator' : 'reader',
    roles: caller?.roles ?? [],
    actor: caller ? `key:${caller.digest.slice(0, 12)}` : 'unknown',
  };
};

/** A dead letter's sequence number in the DLQ stream, from the path: a positive whole number, or 400. */
export const SeqParam = (): ParameterDecorator =>
  Param('seq', {
    transform: (value: string) => {
      if (!/^[1-9]\d{0,14}$/.test(value)) throw invalidFields([{ field: 'seq', messages: ['seq must be a positive whole number'] }]);
      return Number(value);
    },
  });

/** The OpenAPI description of the `seq` path parameter (an integer, not a UUID like other ids). */
export const ApiSeqParam = (): MethodDecorator => ApiParam({ name: 'seq', schema: { type: 'integer', minimum: 1 } });

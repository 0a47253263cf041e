import { applyDecorators, Controller, Param, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { IdempotencyInterceptor } from '../../http/idempotency.interceptor.js';
import { invalidFields } from '../../http/validation.pipe.js';
import { ConsoleAccessGuard } from './console-access.guard.js';

/**
 * A controller of the console's API under `/v1/console/<path>`: the REST API the page calls and
 * scripts can call, in the OpenAPI document under the tag `console`. Any API key reads; routes
 * marked @OperatorOnly need an operator key.
 */
export const ConsoleController = (path: string): ClassDecorator =>
  applyDecorators(
    Controller(`v1/console/${path}`),
    UseGuards(ConsoleAccessGuard),
    UseInterceptors(IdempotencyInterceptor),
    ApiBearerAuth(),
    ApiTags('console'),
  );

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

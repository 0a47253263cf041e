import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem-details.filter.js';
import { validationPipe } from './validation.pipe.js';

/**
 * How every HTTP request of the gateway is checked and every failure answered. RoleGuard and
 * IdempotencyInterceptor are not listed: Nest builds them in the module of each @ApiController,
 * from the global config and pg pool.
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: validationPipe },
  ],
})
export class HttpApiModule {}

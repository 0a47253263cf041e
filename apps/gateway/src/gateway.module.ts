import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommandErrorFilter } from './http/command-error.filter.js';

/** Root of the gateway's feature modules. */
@Module({
  providers: [{ provide: APP_FILTER, useClass: CommandErrorFilter }],
})
export class GatewayModule {}

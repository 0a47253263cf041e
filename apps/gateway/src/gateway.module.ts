import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommandErrorFilter } from './http/command-error.filter.js';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller.js';

/** Root of the gateway's feature modules. */
@Module({
  controllers: [TwilioWebhooksController],
  providers: [{ provide: APP_FILTER, useClass: CommandErrorFilter }],
})
export class GatewayModule {}

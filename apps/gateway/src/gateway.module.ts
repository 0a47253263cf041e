import { Module } from '@nestjs/common';
import { HttpApiModule } from './http/http.module.js';
import { ResearchApiModule } from './research/research-api.module.js';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller.js';

/** Root of the gateway's feature modules. */
@Module({
  imports: [HttpApiModule, ResearchApiModule],
  controllers: [TwilioWebhooksController],
})
export class GatewayModule {}

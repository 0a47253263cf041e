import { Module } from '@nestjs/common';
import { HttpApiModule } from './http/http.module.js';
import { CallResearchApiModule } from './call-research/call-research-api.module.js';
import { MeetingPrepApiModule } from './meeting-prep/meeting-prep-api.module.js';
import { ConsoleModule } from './console/console.module.js';
import { CareApiModule } from './care/care-api.module.js';
import { ScoringApiModule } from './scoring/scoring-api.module.js';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller.js';
import { VideosApiModule } from './videos/videos-api.module.js';

/** Root of the gateway's feature modules. */
@Module({
  imports: [HttpApiModule, CallResearchApiModule, MeetingPrepApiModule, CareApiModule, ScoringApiModule, VideosApiModule, ConsoleModule],
  controllers: [TwilioWebhooksController],
})
export class GatewayModule {}

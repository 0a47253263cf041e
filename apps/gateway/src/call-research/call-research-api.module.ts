import { Module } from '@nestjs/common';
import { CallsController } from './calls.controller.js';
import { CampaignsController } from './campaigns.controller.js';
import { HypothesesController } from './hypotheses.controller.js';

/** The call-research workflow's REST resources: campaigns, calls, hypotheses. */
@Module({ controllers: [CampaignsController, CallsController, HypothesesController] })
export class CallResearchApiModule {}

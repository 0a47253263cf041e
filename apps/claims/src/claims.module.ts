import { Module } from '@nestjs/common';
import { CampaignCommands } from './campaigns/campaign.commands.js';
import { CampaignQueries } from './campaigns/campaign.queries.js';
import { ClaimExtractionHandler } from './extraction/claim-extraction.handler.js';
import { HypothesisCommands } from './hypotheses/hypothesis.commands.js';
import { HypothesisQueries } from './hypotheses/hypothesis.queries.js';
import { CallOutcomesHandler } from './progress/call-outcomes.handler.js';
import { CampaignProgress } from './progress/campaign-progress.js';
import { researchAggregates } from './research.aggregates.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { HypothesisValidationHandler } from './validation/hypothesis-validation.handler.js';

/** Campaigns and their hypotheses: claims mined from transcripts, hypotheses judged, campaigns completed. */
@Module({
  imports: [ScoringModule],
  controllers: [
    CampaignCommands,
    CampaignQueries,
    HypothesisCommands,
    HypothesisQueries,
    CallOutcomesHandler,
    ClaimExtractionHandler,
    HypothesisValidationHandler,
  ],
  providers: [...researchAggregates, CampaignProgress, CampaignQueries, HypothesisQueries],
})
export class ClaimsModule {}

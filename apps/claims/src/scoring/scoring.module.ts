import { Module } from '@nestjs/common';
import { AnalysisCache } from './analysis-cache.js';
import { scoringAggregates } from './scoring.aggregates.js';
import { ScoringJobCommands } from './scoring-job.commands.js';
import { ScoringJobQueries } from './scoring-job.queries.js';
import { ScoringModels } from './scoring-models.js';
import { ScoringProgress } from './scoring-progress.js';
import { ScoringStagesHandler } from './scoring-stages.handler.js';
import { ScoringStep } from './scoring-step.js';
import { ScoringUploadHandler } from './scoring-upload.handler.js';

/** Call scoring: sheets of transcripts triaged (silver) and scored with coaching (gold), as resumable jobs. */
@Module({
  controllers: [ScoringJobCommands, ScoringJobQueries, ScoringStagesHandler, ScoringUploadHandler],
  providers: [...scoringAggregates, AnalysisCache, ScoringModels, ScoringProgress, ScoringStep, ScoringJobQueries],
})
export class ScoringModule {}

import { Module } from '@nestjs/common';
import { ScoringJobsController } from './scoring-jobs.controller.js';

/** The call-scoring workflow's REST resources: jobs, their progress, results and reports. */
@Module({ controllers: [ScoringJobsController] })
export class ScoringApiModule {}

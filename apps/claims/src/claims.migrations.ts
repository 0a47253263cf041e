import { durableMigrations } from '@switchboard/durable';
import { CreateResearchViews1732320000000 } from './migrations/1732320000000-create-research-views.js';
import { CreateScoringViews1733300000000 } from './scoring/migrations/1733300000000-create-scoring-views.js';
import { AddScoringJobFailure1733400000000 } from './scoring/migrations/1733400000000-add-scoring-job-failure.js';

/** The claims schema's tables beyond the event store's, in the order they run. */
export const claimsMigrations = [...durableMigrations, CreateResearchViews1732320000000, CreateScoringViews1733300000000, AddScoringJobFailure1733400000000];

import { durableMigrations } from '@switchboard/durable';
import { CreateResearchViews1732320000000 } from './migrations/1732320000000-create-research-views.js';

/** The claims schema's tables beyond the event store's, in the order they run. */
export const claimsMigrations = [...durableMigrations, CreateResearchViews1732320000000];

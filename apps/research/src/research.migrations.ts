import { durableMigrations } from '@switchboard/durable';
import { CreateMeetingPrepViews1733300000000 } from './migrations/1733300000000-create-meeting-prep-views.js';
import { IndexOpenResearchRuns1733400000000 } from './migrations/1733400000000-index-open-research-runs.js';
import { DeriveWatchChannelTokens1765000000000 } from './migrations/1765000000000-derive-watch-channel-tokens.js';

/** The research schema's tables beyond the event store's, in the order they run. */
export const researchMigrations = [...durableMigrations, CreateMeetingPrepViews1733300000000, IndexOpenResearchRuns1733400000000, DeriveWatchChannelTokens1765000000000];

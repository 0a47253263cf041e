import { Module } from '@nestjs/common';
import { CalendarAccess } from './calendars/calendar-access.js';
import { ConnectionCommands } from './calendars/connection.commands.js';
import { WatchChannels } from './calendars/watch-channels.js';
import { WatchRenewalHandler } from './calendars/watch-renewal.handler.js';
import { WatchHandler } from './calendars/watch.handler.js';
import { CalendarSyncHandler } from './meetings/calendar-sync.handler.js';
import { MeetingQueries } from './meetings/meeting.queries.js';
import { OwnerNotices } from './notices/owner-notices.js';
import { OwnerNoticesHandler } from './notices/owner-notices.handler.js';
import { PrepCampaignCommands } from './prep-campaigns/prep-campaign.commands.js';
import { researchProviders } from './providers/research-providers.js';
import { researchAggregates } from './research.aggregates.js';
import { CompanyResearch } from './runs/company-research.js';
import { ResearchPipeline } from './runs/research-pipeline.js';
import { ResearchRunHandler } from './runs/research-run.handler.js';
import { ResearchCommands } from './runs/research.commands.js';
import { sleep, WebResearch } from './runs/web-research.js';

/** Meeting prep: calendars watched and synced, meetings and prospects, research runs and their briefs. */
@Module({
  controllers: [
    PrepCampaignCommands,
    ConnectionCommands,
    MeetingQueries,
    ResearchCommands,
    WatchHandler,
    WatchRenewalHandler,
    CalendarSyncHandler,
    ResearchRunHandler,
    OwnerNoticesHandler,
  ],
  providers: [
    ...researchAggregates,
    ...researchProviders,
    { provide: 'RESEARCH_SLEEP', useValue: sleep },
    CalendarAccess,
    WatchChannels,
    OwnerNotices,
    WebResearch,
    CompanyResearch,
    ResearchPipeline,
  ],
})
export class ResearchModule {}

import { defineRunKind } from '../runs/run-kind.js';
import { calendarConnected, calendarConnectionBroken, calendarSynced, calendarWatchStarted } from './calendar.events.js';
import { meetingResearchRequested, meetingScheduled } from './meeting.events.js';
import { type PrepCampaignCreated, prepCampaignCreated } from './prep-campaign.events.js';
import { researchCompleted, researchFailed, researchRequested, researchStarted } from './research-run.events.js';

/**
 * A meeting-prep campaign, from its creation through its calendar's syncs and each meeting's
 * research and brief (correlation id = prep campaign id). It has no end: it follows its calendar.
 */
export const meetingPrepRun = defineRunKind({
  kind: 'meeting-prep',
  starts: [prepCampaignCreated.type],
  steps: {
    [prepCampaignCreated.type]: 'created',
    [calendarConnected.type]: 'calendar connected',
    [calendarWatchStarted.type]: 'watching calendar',
    [calendarSynced.type]: 'calendar synced',
    [meetingScheduled.type]: 'meetings found',
    [meetingResearchRequested.type]: 'research requested',
    [researchRequested.type]: 'research requested',
    [researchStarted.type]: 'researching',
    [researchCompleted.type]: 'brief written',
  },
  ends: {},
  failures: [researchFailed.type, calendarConnectionBroken.type],
  label: (event) => (event.payload as PrepCampaignCreated).name,
});

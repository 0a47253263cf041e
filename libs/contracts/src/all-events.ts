import { EventRegistry } from './registry/event-registry.js';
import { callClaimsEvents } from './claims/call-claims.events.js';
import { campaignEvents } from './claims/campaign.events.js';
import { hypothesisEvents } from './claims/hypothesis.events.js';
import { twilioWebhookReceived } from './gateway/webhook.events.js';
import { operatorActionRecorded } from './gateway/operator-action.events.js';
import { callEvents } from './telephony/call.events.js';
import { transcriptEvents } from './transcription/transcript.events.js';
import { calendarEvents } from './research/calendar.events.js';
import { meetingEvents } from './research/meeting.events.js';
import { prepCampaignEvents } from './research/prep-campaign.events.js';
import { researchRunEvents } from './research/research-run.events.js';
import { notificationEvents, notificationUpcasters } from './notifications/notification.events.js';
import { staffingEvents, staffingUpcasters } from './care/staffing.events.js';
import { taskEvents } from './care/task.events.js';
import { patientEvents } from './care/patient.events.js';
import { scoringCallEvents } from './scoring/scoring-call.events.js';
import { scoringJobEvents } from './scoring/scoring-job.events.js';
import { videoEvents } from './transcription/video.events.js';

/**
 * The registry every service decodes with: each domain's events are registered here as the
 * workflows that produce them land (libs/contracts is the only place events are defined).
 */
export const eventRegistry = new EventRegistry().register(
  ...callEvents,
  twilioWebhookReceived,
  ...transcriptEvents,
  ...campaignEvents,
  ...callClaimsEvents,
  ...hypothesisEvents,
  ...prepCampaignEvents,
  ...calendarEvents,
  ...meetingEvents,
  ...researchRunEvents,
  operatorActionRecorded,
  ...notificationEvents,
  ...staffingEvents,
  ...taskEvents,
  ...patientEvents,
  ...scoringJobEvents,
  ...scoringCallEvents,
  ...videoEvents,
);

// How older versions become current ones (decoding upcasts every event read to its newest version).
for (const [type, fromVersion, upcaster] of [...notificationUpcasters, ...staffingUpcasters]) eventRegistry.upcast(type, fromVersion, upcaster);

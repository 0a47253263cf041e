import { EventRegistry } from './registry/event-registry.js';
import { callClaimsEvents } from './claims/call-claims.events.js';
import { campaignEvents } from './claims/campaign.events.js';
import { hypothesisEvents } from './claims/hypothesis.events.js';
import { twilioWebhookReceived } from './gateway/webhook.events.js';
import { callEvents } from './telephony/call.events.js';
import { transcriptEvents } from './transcription/transcript.events.js';

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
);

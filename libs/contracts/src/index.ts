export { eventRegistry } from './all-events.js';
export { type EventEnvelope, newEventId } from './envelope/event-envelope.js';
export { defineEvent, type EventDefinition, type NewEvent, type PayloadClass } from './registry/event-definition.js';
export { InvalidEventError, UnknownEventError } from './registry/event-errors.js';
export { EventRegistry, type Upcaster } from './registry/event-registry.js';
export {
  CallDialed,
  callDialed,
  CallDialRequested,
  callDialRequested,
  CallEnded,
  callEnded,
  callEvents,
  CallProgressed,
  callProgressed,
  CallQueued,
  callQueued,
  CallRecordingAvailable,
  callRecordingAvailable,
  CallReconcileDue,
  callReconcileDue,
  CallRecordingDue,
  callRecordingDue,
  CallRecordingUnavailable,
  callRecordingUnavailable,
  FINAL_CALL_STATUSES,
  type FinalCallStatus,
} from './telephony/call.events.js';
export { TWILIO_WEBHOOK_KINDS, TwilioWebhookReceived, twilioWebhookReceived } from './gateway/webhook.events.js';
export * from './claims/campaign.events.js';
export { CAMPAIGN_LIMITS } from './claims/campaign.limits.js';
export { IsPlainText, PLAIN_TEXT_MAX_BYTES_PER_CHAR } from './validation/plain-text.js';
export * from './claims/call-claims.events.js';
export * from './claims/hypothesis.events.js';
export * from './transcription/transcript.events.js';

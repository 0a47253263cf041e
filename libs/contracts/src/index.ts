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
export { hasLoneSurrogate, IsPlainText, PLAIN_TEXT_MAX_BYTES_PER_CHAR } from './validation/plain-text.js';
export * from './claims/call-claims.events.js';
export * from './claims/hypothesis.events.js';
export * from './transcription/transcript.events.js';
export * from './notifications/notification-request.js';
export * from './notifications/push-subscription.js';
export * from './research/prep-campaign.events.js';
export * from './research/calendar.events.js';
export * from './research/meeting.events.js';
export * from './research/research-run.events.js';
export { defineRunKind, type RunEnd, type RunKind, type RunStatus } from './runs/run-kind.js';
export { runKinds } from './all-runs.js';
export { callResearchRun } from './claims/call-research.run.js';
export { meetingPrepRun } from './research/meeting-prep.run.js';
export { careCheckInRun, careTaskRun } from './care/care-follow-up.run.js';
export { callScoringRun } from './scoring/call-scoring.run.js';
export { videoKnowledgeRun } from './transcription/video-knowledge.run.js';
export * from './gateway/operator-action.events.js';
export * from './notifications/notification.events.js';
export * from './care/care.limits.js';
export * from './care/staffing.events.js';
export * from './care/task.events.js';
export * from './care/patient.events.js';
export * from './scoring/scoring-job.events.js';
export * from './scoring/scoring-call.events.js';
export type { ScoredCallView, ScoringJobView, ScoringJobViewStatus } from './scoring/scoring-job.views.js';
export { GOLD_MODELS, type GoldModel, SCORING_LIMITS } from './scoring/scoring.limits.js';
export * from './transcription/video.events.js';

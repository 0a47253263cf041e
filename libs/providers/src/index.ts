export { type OutgoingMessage, type PlaceCall, type ProviderCall, type ProviderMessage, type ProviderRecording, TelephonyPort } from './telephony/telephony.port.js';
export { isSignedByTwilio, sayTwiml, TwilioTelephony, type TwilioOptions } from './twilio/twilio.adapter.js';
export {
  InboundMessage,
  MessageStatusCallback,
  RecordingStatusCallback,
  TWILIO_CALL_STATUSES,
  TWILIO_MESSAGE_STATUSES,
  TWILIO_RECORDING_STATUSES,
  VoiceStatusCallback,
} from './twilio/twilio-callbacks.js';
export {
  EmbeddingsPort,
  type JsonSchema,
  type LlmUsage,
  LlmPort,
  type StructuredRequest,
  type StructuredResult,
} from './llm/llm.port.js';
export { costUsd, PRICES_PER_MILLION } from './llm/pricing.js';
export { InvalidModelOutputError } from './llm/structured-output.js';
export { OpenAiEmbeddings, OpenAiLlm, type OpenAiOptions, OpenAiSpeechToText } from './openai/openai.adapter.js';
export { splitChannels, splitWav, wavInfo, type WavInfo, type WavPart } from './audio/wav.js';
export { SNIFF_BYTES, sniffMediaType } from './audio/sniff-media.js';
export { SpeechToTextPort, type Transcript } from './speech/speech-to-text.port.js';
export { AnthropicLlm, type AnthropicOptions } from './anthropic/anthropic.adapter.js';
export { PerplexityResearch, type PerplexityOptions } from './perplexity/perplexity.adapter.js';
export { type ResearchAnswer, WebResearchPort } from './research/web-research.port.js';
export { type Email, EmailPort } from './email/email.port.js';
export { SmtpEmail, type SmtpOptions } from './email/smtp-email.adapter.js';
export { type CalendarChanges, type CalendarEvent, CalendarPort, type WatchChannel } from './calendar/calendar.port.js';
export { GoogleCalendar, type GoogleCalendarOptions } from './google/google-calendar.adapter.js';
export { CALENDAR_READONLY_SCOPE, GoogleOAuth, type GoogleOAuthOptions } from './google/google-oauth.adapter.js';
export { type PushMessage, PushPort, PushSubscriptionGoneError } from './push/push.port.js';
export { WebPush, type WebPushOptions } from './push/web-push.adapter.js';
export { type LocalCopy, StorageLimitError, VideoStoragePort } from './storage/video-storage.port.js';
export { LocalVideoStorage } from './storage/local-video-storage.js';

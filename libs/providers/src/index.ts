export { type OutgoingMessage, type PlaceCall, type ProviderCall, type ProviderRecording, TelephonyPort } from './telephony/telephony.port.js';
export { isSignedByTwilio, sayTwiml, TwilioTelephony, type TwilioOptions } from './twilio/twilio.adapter.js';
export {
  EmbeddingsPort,
  type JsonSchema,
  type LlmUsage,
  LlmPort,
  type StructuredRequest,
  type StructuredResult,
} from './llm/llm.port.js';
export { costUsd, PRICES_PER_MILLION } from './llm/pricing.js';
export { OpenAiEmbeddings, OpenAiLlm, type OpenAiOptions, OpenAiSpeechToText } from './openai/openai.adapter.js';
export { splitChannels, wavInfo, type WavInfo } from './audio/wav.js';
export { SpeechToTextPort, type Transcript } from './speech/speech-to-text.port.js';
export { AnthropicLlm, type AnthropicOptions } from './anthropic/anthropic.adapter.js';
export { PerplexityResearch, type PerplexityOptions } from './perplexity/perplexity.adapter.js';
export { type ResearchAnswer, WebResearchPort } from './research/web-research.port.js';
export { type Email, EmailPort } from './email/email.port.js';
export { SmtpEmail, type SmtpOptions } from './email/smtp-email.adapter.js';
export { type CalendarChanges, type CalendarEvent, CalendarPort, type WatchChannel } from './calendar/calendar.port.js';
export { GoogleCalendar, type GoogleCalendarOptions } from './google/google-calendar.adapter.js';

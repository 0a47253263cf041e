export { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from './infrastructure/test-namespace.js';
export {
  DEFAULT_TWILIO_ACCOUNT,
  ProviderSimulator,
  type Scenario,
  SIMULATOR_PERPLEXITY_KEY,
  type SimulatorOptions,
} from './simulator/provider-simulator.js';
export { SIMULATOR_ANTHROPIC_KEY } from './simulator/anthropic/anthropic-api.js';
export type { ChatScript } from './simulator/chat-scripts.js';
export { embed, SIMULATOR_OPENAI_KEY } from './simulator/openai/openai-api.js';
export type { CalleeScript, CallOutcome, Fault, RecordedRequest } from './simulator/simulator-state.js';
export { type CapturedEmail, SmtpSink } from './simulator/smtp/smtp-sink.js';
export { type SimCalendarEvent, SIMULATOR_GOOGLE_TOKEN } from './simulator/google/google-calendar-api.js';
export { OtlpReceiver, type ReceivedSpan } from './otlp/otlp-receiver.js';

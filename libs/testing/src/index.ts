export { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from './infrastructure/test-namespace.js';
export { TcpProxy } from './infrastructure/tcp-proxy.js';
export {
  DEFAULT_TWILIO_ACCOUNT,
  ProviderSimulator,
  type Scenario,
  SIMULATOR_PERPLEXITY_KEY,
  type SimulatorOptions,
} from './simulator/provider-simulator.js';
export { SIMULATOR_ANTHROPIC_KEY } from './simulator/anthropic/anthropic-api.js';
export { type ScoringLatency, simulatedScorecard, simulatedTriage } from './simulator/anthropic/call-scoring-answers.js';
export type { ChatScript } from './simulator/chat-scripts.js';
export { embed, EMBEDDING_DIMENSIONS, SIMULATOR_OPENAI_KEY } from './simulator/openai/openai-api.js';
export type { CalleeScript, CallOutcome, Fault, RecordedRequest } from './simulator/simulator-state.js';
export { mostInWindow, peakInFlight } from './simulator/request-log.js';
export { type CapturedEmail, SmtpSink } from './simulator/smtp/smtp-sink.js';
export { type SimCalendarEvent, SIMULATOR_GOOGLE_TOKEN } from './simulator/google/google-calendar-api.js';
export type { BrowserSubscription, ReceivedPush } from './simulator/push/web-push-service.js';
export { OtlpReceiver, type ReceivedSpan } from './otlp/otlp-receiver.js';
export { serveSimulator } from './simulator/main.js';
export { exchange, type Outcome, type RawRequest, serialize } from './http/raw-http.js';
export { callSheet, type CallSheetOptions, salesTranscript, sheetCsv, type SheetRow, sheetXlsx, VOICEMAIL } from './sheets/call-sheet.js';
export { makeCorruptVideo, makeVideo } from './media/test-videos.js';
export { ffmpeg } from './media/ffmpeg.js';

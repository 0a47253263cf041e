export { TEST_DATABASE_URL, TEST_NATS_URL, TestNamespace } from './infrastructure/test-namespace.js';
export { DEFAULT_TWILIO_ACCOUNT, ProviderSimulator, type SimulatorOptions } from './simulator/provider-simulator.js';
export { type ChatScript, embed, SIMULATOR_OPENAI_KEY } from './simulator/openai/openai-api.js';
export type { CalleeScript, CallOutcome, Fault, RecordedRequest } from './simulator/simulator-state.js';

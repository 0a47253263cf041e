/** The provider latencies the call batch runs under, by the name its command line takes. */
export interface Profile {
  name: string;
  /** The profile in a line of --help. */
  what: string;
  /** Time between a simulated call's status changes: ringing, answered, completed, then the recording. */
  callStepMs: number;
  speechLatencyMs: number;
  llmLatencyMs: number;
  dialsPerMinute: number;
}

export const PROFILES: Record<string, Profile> = {
  zero: { what: 'providers answering at once', name: '(a) providers at zero latency', callStepMs: 0, speechLatencyMs: 0, llmLatencyMs: 0, dialsPerMinute: 100_000 },
  realistic: { what: 'call 20 s, Whisper 2 s, LLM 1 s, 300 dials/min', name: '(b) realistic provider latency', callStepMs: 20_000 / 3, speechLatencyMs: 2_000, llmLatencyMs: 1_000, dialsPerMinute: 300 },
};

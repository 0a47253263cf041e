import type { Turn } from './audio/dialogue-wav.js';

/** What a test controls and observes on the simulator. */

export interface Fault {
  /** Answer with this status instead of serving (429, 500, ...). */
  status?: number;
  /** With 429: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Delay before answering. */
  latencyMs?: number;
  /** Accept the request and act on it (a call is placed), then wait this long before answering. */
  delayAnswerMs?: number;
  /** Accept the request, record it, then drop the connection without an answer. */
  crashAfterAccept?: boolean;
  /** Answer a model request with JSON that misses the requested schema. */
  invalidOutput?: boolean;
  /** How many requests the fault applies to; unlimited when absent. */
  times?: number;
  /** Only requests to this number (their `To`) take the fault: which of a campaign's calls goes first is anyone's guess. */
  to?: string;
  /** For calls created under this fault: send every status callback this many times. */
  duplicateWebhooks?: number;
  /** For calls created under this fault: status callbacks are lost (the call goes on; fetch shows its status). */
  dropStatusCallbacks?: boolean;
  /** For calls created under this fault: only the final status callback is lost (ringing and answered arrive). */
  dropFinalStatusCallback?: boolean;
  /** For calls created under this fault: the recording is made (fetch and list show it) but its callback is lost. */
  dropRecordingCallbacks?: boolean;
  /** For calls created under this fault: hold the status callbacks and send them in random order. */
  shuffleWebhooks?: boolean;
}

export interface RecordedRequest {
  provider: string;
  endpoint: string;
  method: string;
  path: string;
  /** The query string's parameters (a GET's arguments, e.g. the `To` of a list of calls). */
  query: Record<string, string>;
  body: Record<string, unknown>;
  /** When it arrived, and when its answer was sent (or dropped): a client's caps are checked against these. */
  at: string;
  answeredAt?: string;
  /**
   * The status the provider decided on, once it has: what tells a call placed (201) from a request
   * refused (a 400 for an invalid number places nothing). Kept when the answer is then held or dropped.
   */
  status?: number;
}

export type CallOutcome = 'completed' | 'busy' | 'no-answer' | 'failed' | 'invalid';

export interface CalleeScript {
  outcome: CallOutcome;
  /** Seconds the call lasts when answered. */
  durationSeconds?: number;
  /** What is said on an answered call: the recording and its transcription follow it. */
  dialogue?: Turn[];
  /**
   * What becomes of an answered call's recording: `completed` (default), `absent` (Twilio found no
   * audio: the Recording resource says so and, as the callback asks only for `completed`, no callback
   * comes) or `none` (no Recording resource at all).
   */
  recording?: 'completed' | 'absent' | 'none';
}

export class SimulatorState {
  readonly requests: RecordedRequest[] = [];
  /** Requests being answered right now, and the most ever at once, per endpoint (concurrency caps are checked against these). */
  readonly inFlight = new Map<string, number>();
  readonly peakInFlight = new Map<string, number>();
  private readonly faults = new Map<string, Fault>();
  readonly callees = new Map<string, CalleeScript>();

  setFault(endpoint: string, fault: Fault): void {
    this.faults.set(endpoint, fault);
  }

  /** The fault to apply to this request of `endpoint`, counting it down. */
  takeFault(endpoint: string, body: Record<string, unknown> = {}): Fault | undefined {
    const fault = this.faults.get(endpoint);
    if (!fault || (fault.to !== undefined && body.To !== fault.to)) return undefined;
    if (fault.times !== undefined) {
      if (fault.times <= 1) this.faults.delete(endpoint);
      else this.faults.set(endpoint, { ...fault, times: fault.times - 1 });
    }
    return fault;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
    this.callees.clear();
  }
}

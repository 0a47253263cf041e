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
  /** How many requests the fault applies to; unlimited when absent. */
  times?: number;
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
  body: Record<string, unknown>;
  at: string;
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
  private readonly faults = new Map<string, Fault>();
  readonly callees = new Map<string, CalleeScript>();

  setFault(endpoint: string, fault: Fault): void {
    this.faults.set(endpoint, fault);
  }

  /** The fault to apply to this request of `endpoint`, counting it down. */
  takeFault(endpoint: string): Fault | undefined {
    const fault = this.faults.get(endpoint);
    if (!fault) return undefined;
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

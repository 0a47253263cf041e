import type { ServerResponse } from 'node:http';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

export interface OverloadLimits {
  /** Requests being handled at once from which the process counts as overloaded; 0: no cap. */
  maxInFlight: number;
  /** Median event-loop delay, in two samples in a row, from which it counts as overloaded; 0: not watched. */
  maxEventLoopDelayMs: number;
  /** How often the event-loop delay is read (and its histogram started afresh). */
  sampleEveryMs?: number;
}

const RESOLUTION_MS = 10;

/** Why a request is turned away, for its answer; undefined when it may go on. */
export type Overload = string | undefined;

/**
 * What a process is carrying: the requests it is handling now (each counted until its response
 * closes) and how late its event loop ran, by the median, over the last two samples (perf_hooks'
 * monitorEventLoopDelay).
 * Either past its limit means new work would only queue behind old: better refused at once, with a
 * retry hint, than answered after the client gave up. A request of higher priority may be let in
 * up to a multiple of the cap, and is not refused for a late loop.
 */
export class LoadMeter {
  private inFlight = 0;
  /** The median delay of the last two samples, newest first. */
  private delaysMs = [0, 0];
  private readonly histogram?: IntervalHistogram;
  private readonly timer?: NodeJS.Timeout;

  constructor(private readonly limits: OverloadLimits) {
    if (limits.maxEventLoopDelayMs <= 0) return;
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.timer = setInterval(() => this.sample(), limits.sampleEveryMs ?? 500);
    this.timer.unref();
  }

  /** Counts a request in flight until its response is closed (answered, or its client gone). */
  track(response: ServerResponse): void {
    this.inFlight++;
    response.once('close', () => this.inFlight--);
  }

  /**
   * Whether a request arriving now is turned away: `capMultiple` above 1 lets it in until that
   * many times the cap (and whatever the loop's delay), for requests that are shed last.
   */
  overload(capMultiple = 1): Overload {
    const { maxInFlight, maxEventLoopDelayMs } = this.limits;
    if (maxInFlight > 0 && this.inFlight >= maxInFlight * capMultiple) return `${this.inFlight} requests are in flight (the cap is ${maxInFlight * capMultiple})`;
    if (capMultiple === 1 && maxEventLoopDelayMs > 0 && this.delaysMs.every((delayMs) => delayMs > maxEventLoopDelayMs))
      return `the event loop runs ${Math.round(this.delaysMs[0])} ms late (the cap is ${maxEventLoopDelayMs} ms)`;
    return undefined;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram?.disable();
  }

  private sample(): void {
    const histogram = this.histogram!;
    // The median tick, not the mean: one stall (a GC pause, the machine busy elsewhere) is a
    // single long tick that would dominate the mean and shed requests the process could serve;
    // overload makes most ticks late. A stall, however long, delays the sampling timer too, so it
    // closes the sample it falls in, which can then hold little else: hence two late samples in a
    // row (one large body parsed in one go would otherwise shed the requests after it). Ticks are recorded with the resolution included.
    const delayMs = histogram.count === 0 ? 0 : Math.max(0, histogram.percentile(50) / 1e6 - RESOLUTION_MS);
    this.delaysMs = [delayMs, this.delaysMs[0]];
    histogram.reset();
  }
}

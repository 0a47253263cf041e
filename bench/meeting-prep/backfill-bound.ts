/** The limits of a backfill and the providers' latencies. */
export interface BackfillLimits {
  /** Research runs at once. */
  runs: number;
  /** Web-research starts per sliding window, and the window. */
  rate: number;
  windowMs: number;
  webMs: number;
  briefMs: number;
}

/**
 * The shortest time the limits allow for these runs, taken in the order they arrive (first come,
 * first served, as the queue serves them), each as fast as its providers: it starts when a run slot
 * is free, starts its web requests (its prospects and the companies nobody asked about yet) as soon
 * as the sliding window has room for each, and ends one web answer after the last of them and one
 * brief after that. The two limits together: neither alone (whichever of them is slower) says when
 * the runs of the last rounds wait for the window to free room the first rounds took.
 */
export function backfillBoundMs(webRequestsPerRun: number[], limits: BackfillLimits): number {
  const slots = new Array<number>(limits.runs).fill(0);
  const starts: number[] = []; // never decreasing: each run starts at the earliest free slot
  for (const requests of webRequestsPerRun) {
    const slot = slots.indexOf(Math.min(...slots));
    const begin = slots[slot];
    let lastStart = begin;
    for (let i = 0; i < requests; i++) {
      const windowFull = starts.length >= limits.rate ? starts[starts.length - limits.rate] + limits.windowMs : 0;
      lastStart = Math.max(begin, windowFull);
      starts.push(lastStart);
    }
    slots[slot] = lastStart + limits.webMs + limits.briefMs;
  }
  return Math.max(...slots);
}

import type { RecordedRequest } from './simulator-state.js';

/**
 * The most of `requests` the simulator was answering at once, from each one's arrival and answer.
 * A request answered in the same millisecond another arrives does not overlap it: a client's slot
 * frees only once the answer reached it, so the next request cannot have arrived earlier.
 */
export function peakInFlight(requests: RecordedRequest[]): number {
  const edges = requests.flatMap((request) => {
    if (!request.answeredAt) throw new Error(`${request.endpoint} of ${request.at} is still being answered`);
    return [
      { at: Date.parse(request.at), change: 1 },
      { at: Date.parse(request.answeredAt), change: -1 },
    ];
  });
  edges.sort((a, b) => a.at - b.at || a.change - b.change);
  let inFlight = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (inFlight += edge.change));
  return peak;
}

/** The most of `requests` that arrived within any `windowMs` of one another. */
export function mostInWindow(requests: RecordedRequest[], windowMs: number): number {
  const arrivals = requests.map((request) => Date.parse(request.at)).sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < arrivals.length; start++) {
    while (end < arrivals.length && arrivals[end] < arrivals[start] + windowMs) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

import { describe, expect, it } from 'vitest';
import { mostInWindow, peakInFlight } from './request-log.js';
import type { RecordedRequest } from './simulator-state.js';

const request = (at: number, answeredAt?: number): RecordedRequest => ({
  provider: 'anthropic',
  endpoint: 'anthropic.messages',
  method: 'POST',
  path: '/v1/messages',
  query: {},
  body: {},
  at: new Date(at).toISOString(),
  ...(answeredAt !== undefined && { answeredAt: new Date(answeredAt).toISOString() }),
});

describe('the request log', () => {
  it('counts requests answered at once; one answered as the next arrives does not overlap it', () => {
    expect(peakInFlight([request(0, 100), request(50, 150), request(60, 70), request(150, 200)])).toBe(3);
    expect(peakInFlight([request(0, 100), request(100, 200), request(200, 300)])).toBe(1);
    expect(peakInFlight([])).toBe(0);
    expect(() => peakInFlight([request(0)])).toThrow(/still being answered/);
  });

  it('counts the most arrivals within a window', () => {
    const arrivals = [0, 10, 999, 1_000, 1_500, 1_998, 5_000].map((at) => request(at, at + 1));
    expect(mostInWindow(arrivals, 1_000)).toBe(4); // 999, 1000, 1500, 1998
    expect(mostInWindow(arrivals, 10)).toBe(2); // 999, 1000
    expect(mostInWindow(arrivals, 1)).toBe(1);
    expect(mostInWindow([], 1_000)).toBe(0);
  });
});

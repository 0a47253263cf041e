import { ServerResponse, IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoadMeter } from './load-meter.js';

const response = () => new ServerResponse(new IncomingMessage(new Socket()));
const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('LoadMeter', () => {
  let meter: LoadMeter | undefined;
  afterEach(() => meter?.stop());

  it('turns requests away from the cap of requests in flight until one closes', () => {
    meter = new LoadMeter({ maxInFlight: 2, maxEventLoopDelayMs: 0 });
    const [first, second] = [response(), response()];
    meter.track(first);
    expect(meter.overload()).toBeUndefined();
    meter.track(second);
    expect(meter.overload()).toBe('2 requests are in flight (the cap is 2)');
    first.emit('close');
    expect(meter.overload()).toBeUndefined();
    expect(meter.requestsInFlight).toBe(1);
  });

  it('lets requests shed last in until their multiple of the cap', () => {
    meter = new LoadMeter({ maxInFlight: 2, maxEventLoopDelayMs: 0 });
    for (let i = 0; i < 3; i++) meter.track(response());
    expect(meter.overload()).toMatch(/in flight/);
    expect(meter.overload(2)).toBeUndefined();
    meter.track(response());
    expect(meter.overload(2)).toBe('4 requests are in flight (the cap is 4)');
  });

  it('turns requests away while the event loop runs late, but not those shed last, and recovers', async () => {
    meter = new LoadMeter({ maxInFlight: 0, maxEventLoopDelayMs: 20, sampleEveryMs: 200 });
    const loaded = meter;
    // Blocks of 60 ms, one after the other, until a sample has seen them.
    await expect
      .poll(
        async () => {
          for (let i = 0; i < 6; i++) await new Promise<void>((resolve) => setImmediate(() => resolve(busyFor(60))));
          return loaded.overload();
        },
        { timeout: 20_000, interval: 1 },
      )
      .toMatch(/^the event loop runs \d+ ms late \(the cap is 20 ms\)$/);
    expect(meter.overload(2)).toBeUndefined();
    await expect.poll(() => loaded.overload(), { timeout: 20_000, interval: 100 }).toBeUndefined();
  });

  it('does not turn requests away for a single stall, wherever it falls in a sample', async () => {
    // A stall delays the sampling timer too, so the sample it ends can hold little but the stall.
    for (let offsetMs = 0; offsetMs < 50; offsetMs += 5) {
      const stalled = new LoadMeter({ maxInFlight: 0, maxEventLoopDelayMs: 150, sampleEveryMs: 50 });
      await new Promise((resolve) => setTimeout(resolve, 100 + offsetMs));
      busyFor(300);
      const verdicts = [];
      for (const until = performance.now() + 150; performance.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        verdicts.push(stalled.overload());
      }
      stalled.stop();
      expect(verdicts.filter(Boolean), `a stall ${offsetMs} ms into a sample`).toEqual([]);
    }
  }, 60_000);

  it('watches nothing when both limits are 0', () => {
    meter = new LoadMeter({ maxInFlight: 0, maxEventLoopDelayMs: 0 });
    for (let i = 0; i < 1_000; i++) meter.track(response());
    expect(meter.overload()).toBeUndefined();
  });
});

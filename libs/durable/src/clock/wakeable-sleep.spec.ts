import { describe, expect, it } from 'vitest';
import { WakeableSleep } from './wakeable-sleep.js';

const within = (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => 'woke'), new Promise((resolve) => setTimeout(() => resolve('still asleep'), ms))]);

describe('WakeableSleep', () => {
  it('sleeps until woken', async () => {
    const pause = new WakeableSleep();
    const sleeping = pause.sleep(60_000);
    expect(await within(sleeping, 20)).toBe('still asleep');
    pause.wake();
    expect(await within(sleeping, 1_000)).toBe('woke');
    expect(pause.stopped).toBe(false);
  });

  it('ends the current sleep on stop, and every later one at once', async () => {
    const pause = new WakeableSleep();
    const sleeping = pause.sleep(60_000);
    pause.stop();
    expect(await within(sleeping, 1_000)).toBe('woke');
    expect(await within(pause.sleep(60_000), 1_000)).toBe('woke');
    expect(pause.stopped).toBe(true);
  });
});

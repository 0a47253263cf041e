import { TEST_DATABASE_URL } from '@switchboard/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimerFixture } from '../test-support/timer-fixture.js';
import { DurableTimers } from './durable-timers.js';

const fixture = new TimerFixture();
beforeAll(() => fixture.prepare());
afterAll(() => fixture.ns.dispose());

async function startTimerProcess(): Promise<ChildProcess> {
  const child = spawn('node', ['--import', '@swc-node/register/esm-register', 'libs/durable/src/test-support/timer-worker.main.ts'], {
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, TIMER_SCHEMA: fixture.schema },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk) => String(chunk).includes('timers running') && resolve()));
  return child;
}

describe('a timer and a SIGKILLed service', () => {
  it('survives the kill and fires once after the restart', async () => {
    const timers = new DurableTimers(fixture.ns.pool, fixture.store, fixture.schema);
    const first = await startTimerProcess();
    await timers.scheduleAfter(fixture.request('survivor'), 2_000);
    first.kill('SIGKILL');
    await once(first, 'exit');
    expect(await fixture.fired()).toEqual([]);

    const second = await startTimerProcess();
    try {
      await expect.poll(() => fixture.fired(), { timeout: 10_000, interval: 100 }).toEqual(['survivor']);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await fixture.fired()).toEqual(['survivor']);
    } finally {
      second.kill('SIGKILL');
    }
  });
});

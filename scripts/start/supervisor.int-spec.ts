import { afterEach, describe, expect, it } from 'vitest';
import { type ProcessSpec, Supervisor } from './supervisor.js';

const node = (name: string, script: string): ProcessSpec => ({ name, command: process.execPath, args: ['-e', script], env: process.env });
const alive = (pid: number | undefined) => {
  try {
    return pid !== undefined && process.kill(pid, 0);
  } catch {
    return false;
  }
};

let supervisor: Supervisor | undefined;
afterEach(() => supervisor?.stop());

describe('supervisor (npm start)', () => {
  it('restarts a process that exits, with a doubling capped backoff, while the others keep running', async () => {
    const lines: string[] = [];
    supervisor = new Supervisor([node('steady', 'setInterval(() => {}, 1000)'), node('crashy', 'console.log("up"); process.exit(3)')], {
      initialBackoffMs: 100,
      maxBackoffMs: 400,
      write: (line) => lines.push(line),
    });
    supervisor.start();
    const steady = supervisor.pids().steady;
    await expect.poll(() => supervisor!.restartsOf('crashy'), { timeout: 30_000 }).toBeGreaterThanOrEqual(4);

    expect(supervisor.pids().steady).toBe(steady);
    expect(alive(steady)).toBe(true);
    const delays = lines.filter((line) => line.startsWith('[crashy]') && line.includes('exited')).map((line) => /restarting in ([\d.]+) s/.exec(line)?.[1]);
    expect(delays.slice(0, 4)).toEqual(['0.1', '0.2', '0.4', '0.4']);
    expect(lines.filter((line) => line === '[crashy] up').length).toBeGreaterThanOrEqual(4);
  });

  it('stop ends every process, including one waiting for its restart, and starts none again', async () => {
    supervisor = new Supervisor([node('steady', 'setInterval(() => {}, 1000)'), node('crashy', 'process.exit(1)')], {
      initialBackoffMs: 60_000,
      write: () => undefined,
    });
    supervisor.start();
    const steady = supervisor.pids().steady;
    await expect.poll(() => supervisor!.pids().crashy, { timeout: 10_000 }).toBeUndefined();
    await supervisor.stop();
    expect(supervisor.pids()).toEqual({ steady: undefined, crashy: undefined });
    expect(alive(steady)).toBe(false);
    expect(supervisor.restartsOf('crashy')).toBe(0);
  });
});

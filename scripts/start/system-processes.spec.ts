import { describe, expect, it } from 'vitest';
import { Supervisor } from './supervisor.js';
import { systemProcesses } from './system-processes.js';

const pinoLine = JSON.stringify({ level: 30, time: Date.UTC(2026, 11, 5, 12), service: 'tasks', msg: 'consumer ready' });

describe('system processes (npm start)', () => {
  it('runs the services logging JSON and shows each JSON line pretty, other lines as they are', () => {
    const service = systemProcesses({ OPENAI_API_KEY: 'x' }).find((spec) => spec.name === 'tasks')!;
    expect(service.env.LOG_FORMAT).toBe('json');
    const shown = service.formatLine!(pinoLine);
    expect(shown).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*consumer ready/);
    expect(shown).not.toContain('\n');
    expect(service.formatLine!('Error: boom')).toBe('Error: boom');
  });

  it('passes lines through as the services write them when JSON is asked for', () => {
    const service = systemProcesses({ LOG_FORMAT: 'json' }).find((spec) => spec.name === 'tasks')!;
    expect(service.env.LOG_FORMAT).toBe('json');
    expect(service.formatLine).toBeUndefined();
  });

  it('the supervisor prints what formatLine makes of each line', async () => {
    const lines: string[] = [];
    const formatLine = systemProcesses({}).find((spec) => spec.name === 'tasks')!.formatLine;
    const supervisor = new Supervisor([{ name: 'tasks', command: process.execPath, args: ['-e', `console.log(${JSON.stringify(pinoLine)})`], env: process.env, formatLine }], {
      initialBackoffMs: 60_000,
      write: (line) => lines.push(line),
    });
    supervisor.start();
    await expect.poll(() => lines.find((line) => line.includes('consumer ready')), { timeout: 30_000 }).toMatch(/^\[tasks\] \[\d\d:\d\d:\d\d\.\d{3}\] .*INFO/);
    await supervisor.stop();
  });
});

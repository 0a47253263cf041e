import { describe, expect, it } from 'vitest';
import { StepDeadlineExceeded, withinDeadline } from './step-deadline.js';

describe('withinDeadline', () => {
  it('gives the work its result when it finishes in time', async () => {
    await expect(withinDeadline('read', 1_000, Promise.resolve(3))).resolves.toBe(3);
  });

  it('passes the work’s own failure on', async () => {
    await expect(withinDeadline('read', 1_000, Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });

  it('fails with the step’s name when the work never ends', async () => {
    const never = new Promise<void>(() => undefined);
    const outcome = withinDeadline('rewind', 20, never).catch((error: unknown) => error);
    expect(await outcome).toBeInstanceOf(StepDeadlineExceeded);
    expect(String(await outcome)).toContain('relay step "rewind" took longer than 20 ms');
  });
});

import { describe, expect, it } from 'vitest';
import { progressId } from './progress-stream.js';

const calls = { total: 10, received: 10, queued: 10, triaged: 0, skipped: 0, scored: 0, failed: 0, canceled: 0 };

describe('a progress event id', () => {
  it('changes whenever a call moves on or the job ends, and only then', () => {
    const ids = [
      progressId({ status: 'PENDING', calls }),
      progressId({ status: 'PROCESSING', calls: { ...calls, queued: 9, triaged: 1 } }),
      progressId({ status: 'PROCESSING', calls: { ...calls, queued: 9, scored: 1 } }),
      progressId({ status: 'PROCESSING', calls: { ...calls, queued: 8, triaged: 1, scored: 1 } }),
      progressId({ status: 'COMPLETED', calls: { ...calls, queued: 0, scored: 10 } }),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(progressId({ status: 'PROCESSING', calls: { ...calls, queued: 9, scored: 1 } })).toBe(ids[2]);
  });
});

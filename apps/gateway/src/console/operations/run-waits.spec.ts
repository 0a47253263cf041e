import type { WaitingReport } from '@switchboard/durable';
import { describe, expect, it } from 'vitest';
import { waitsOfRun } from './run-waits.js';

const RUN = '0192f0aa-1111-7000-8000-000000000001';
const HYPOTHESIS = '0192f0aa-2222-7000-8000-000000000002';
const CALL = '0192f0aa-3333-7000-8000-000000000003';
const OTHER = '0192f0aa-9999-7000-8000-000000000009';
const at = new Date('2026-12-04T12:00:00Z');

const report = (rows: Partial<WaitingReport>): WaitingReport => ({
  timers: [], debouncedKeys: [], parkedTimers: [], rateLimits: [], concurrency: [], retries: [], deferred: [], ...rows,
});

describe('waitsOfRun', () => {
  it("keeps the waits naming the run, its streams, its events or the ids its events carry, and no other run's", () => {
    const timer = (key: string, streamId: string) => ({ key, kind: 'debounce' as const, fireAt: at, streamId, eventType: 'x', repeatEveryMs: null, correlationId: null, firstScheduledAt: at, maxWaitMs: 60_000, latestFireAt: at });
    const waits = waitsOfRun(
      [
        { service: 'claims', ok: true, body: report({ debouncedKeys: [timer(`validate-${HYPOTHESIS}`, `hypothesis-${HYPOTHESIS}`), timer(`validate-${OTHER}`, `hypothesis-${OTHER}`)] }) },
        {
          service: 'telephony',
          ok: true,
          body: report({
            timers: [{ ...timer(`reconcile-${CALL}`, `call-${CALL}`), kind: 'at' }, { ...timer('sla-7', 'task-7'), kind: 'at', correlationId: RUN }],
            rateLimits: [{ key: `dial-queue:${RUN}`, startsInWindow: 10, oldestStart: at }, { key: `dial-queue:${OTHER}`, startsInWindow: 1, oldestStart: at }],
            retries: [{ consumer: 'c', eventId: 'e-1', eventType: 't', attempt: 2, nextAttemptAt: at, lastError: 'boom' }, { consumer: 'c', eventId: 'e-9', eventType: 't', attempt: 1, nextAttemptAt: at, lastError: '' }],
          }),
        },
        { service: 'transcription', ok: false, error: 'down' },
      ],
      { runId: RUN, streamIds: [`call-${CALL}`], eventIds: ['e-1'], ids: [HYPOTHESIS, 'not-an-id'] },
    );
    expect(waits.debounced).toEqual([expect.objectContaining({ service: 'claims', key: `validate-${HYPOTHESIS}`, fireAt: at })]);
    expect(waits.timers.map((t) => t.key)).toEqual([`reconcile-${CALL}`, 'sla-7']);
    expect(waits.rateLimits.map((r) => r.key)).toEqual([`dial-queue:${RUN}`]);
    expect(waits.retries.map((r) => r.eventId)).toEqual(['e-1']);
  });
});

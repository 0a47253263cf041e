import { describe, expect, it } from 'vitest';
import { earlierSend } from './send-policy.js';

const intent = new Date('2026-12-04T10:00:05.400Z');
const at = (iso: string) => new Date(iso);

describe('earlierSend', () => {
  const ours = { sid: 'SM-ours', body: 'Task t-1', createdAt: at('2026-12-04T10:00:05Z') };
  it('adopts the message with our body sent since the intent', () => {
    expect(earlierSend([{ sid: 'SM-old', body: 'Task t-1', createdAt: at('2026-12-03T10:00:00Z') }, ours], intent, 'Task t-1', new Set())).toBe(ours);
  });
  it('sends when there is none, or only another body, or one another notification owns', () => {
    expect(earlierSend([], intent, 'Task t-1', new Set())).toBeUndefined();
    expect(earlierSend([{ ...ours, body: 'Other' }], intent, 'Task t-1', new Set())).toBeUndefined();
    expect(earlierSend([ours], intent, 'Task t-1', new Set(['SM-ours']))).toBeUndefined();
  });
  it('for calls (no body listed), adopts the newest unowned one', () => {
    const later = { sid: 'CA-2', createdAt: at('2026-12-04T10:00:09Z') };
    expect(earlierSend([{ sid: 'CA-1', createdAt: at('2026-12-04T10:00:06Z') }, later], intent, undefined, new Set())).toBe(later);
  });
});

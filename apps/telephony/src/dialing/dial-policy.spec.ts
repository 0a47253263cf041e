import { describe, expect, it } from 'vitest';
import { findPlacedCall } from './dial-policy.js';

const at = (iso: string) => new Date(iso);

describe('findPlacedCall', () => {
  const asked = at('2026-11-23T10:00:05.400Z');

  it('finds the call placed since the interrupted attempt asked, allowing for second-precision clocks', () => {
    const calls = [
      { sid: 'CA-old', createdAt: at('2026-11-22T09:00:00Z') },
      { sid: 'CA-ours', createdAt: at('2026-11-23T10:00:05Z') },
    ];
    expect(findPlacedCall(calls, asked)?.sid).toBe('CA-ours');
  });

  it('finds nothing when the provider never created the call, so the dialer dials', () => {
    expect(findPlacedCall([{ sid: 'CA-old', createdAt: at('2026-11-22T09:00:00Z') }], asked)).toBeUndefined();
    expect(findPlacedCall([], asked)).toBeUndefined();
  });

  it('takes the newest when several qualify', () => {
    const calls = [
      { sid: 'CA-1', createdAt: at('2026-11-23T10:00:06Z') },
      { sid: 'CA-2', createdAt: at('2026-11-23T10:00:09Z') },
    ];
    expect(findPlacedCall(calls, asked)?.sid).toBe('CA-2');
  });
});

import { describe, expect, it } from 'vitest';
import { reconcileBeforeDial } from './dial-policy.js';

const at = (iso: string) => new Date(iso);
const asked = at('2026-11-23T10:00:05.400Z');
const old = { sid: 'CA-old', createdAt: at('2026-11-22T09:00:00Z') };
const ours = { sid: 'CA-ours', createdAt: at('2026-11-23T10:00:05Z') };
const theirs = { sid: 'CA-theirs', createdAt: at('2026-11-23T10:00:07Z') };

describe('reconcileBeforeDial', () => {
  it('adopts the call placed since the intent (second-precision clocks allowed for) when no other Call can own it', () => {
    expect(reconcileBeforeDial([old, ours], asked, [])).toEqual({ action: 'adopt', call: ours });
  });

  it('dials when the provider has no call to the number since the intent', () => {
    expect(reconcileBeforeDial([old], asked, [])).toEqual({ action: 'dial' });
    expect(reconcileBeforeDial([], asked, [])).toEqual({ action: 'dial' });
  });

  it("never adopts a call another campaign's Call owns, and dials instead", () => {
    const other = { callId: 'call-b', providerSid: 'CA-theirs', dialing: true };
    expect(reconcileBeforeDial([theirs], asked, [other])).toEqual({ action: 'dial' });
    expect(reconcileBeforeDial([theirs, ours], asked, [other])).toEqual({ action: 'adopt', call: ours });
  });

  it('waits while another Call to the number has asked to dial and does not know its SID yet: the call may be its', () => {
    const decision = reconcileBeforeDial([theirs], asked, [{ callId: 'call-b', providerSid: null, dialing: true }]);
    expect(decision.action).toBe('wait');
    // A Call that is no longer dialling places nothing more.
    expect(reconcileBeforeDial([ours], asked, [{ callId: 'call-c', providerSid: null, dialing: false }])).toEqual({ action: 'adopt', call: ours });
  });

  it('takes the newest when several are ours', () => {
    const later = { sid: 'CA-later', createdAt: at('2026-11-23T10:00:09Z') };
    expect(reconcileBeforeDial([ours, later], asked, [])).toEqual({ action: 'adopt', call: later });
  });
});

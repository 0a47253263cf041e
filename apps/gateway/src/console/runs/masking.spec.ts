import { describe, expect, it } from 'vitest';
import { maskPayload } from './masking.js';

describe('maskPayload', () => {
  it('hides secrets by field name and phone numbers wherever they are, keeping the rest', () => {
    const masked = maskPayload({
      phone: '+15551234567',
      params: { From: '+442071838750', AccountSid: 'AC1', AuthToken: 'abc' },
      apiKey: 'sk-live',
      note: 'call +1 555 123 4567 back',
      contacts: [{ phone: '+33612345678', name: 'Ada' }],
      durationSeconds: 42,
    });
    expect(masked).toEqual({
      phone: '+•••••••••67',
      params: { From: '+••••••••••50', AccountSid: 'AC1', AuthToken: '••••' },
      apiKey: '••••',
      note: 'call +•••••••••67 back',
      contacts: [{ phone: '+•••••••••78', name: 'Ada' }],
      durationSeconds: 42,
    });
    expect(JSON.stringify(masked)).not.toMatch(/5551234|2071838|61234567/);
  });

  it("hides a push subscription's keys, in the clear (v1 events) or sealed, and keeps where it points", () => {
    const endpoint = 'https://push.example/sub/1';
    expect(maskPayload({ subscription: { endpoint, keys: { p256dh: 'BPk', auth: 'GW1' } } })).toEqual({ subscription: { endpoint, keys: { p256dh: '••••', auth: '••••' } } });
    expect(maskPayload({ push: { endpoint, sealedKeys: 'k1.iv.tag.data', keysDigest: 'd' } })).toEqual({ push: { endpoint, sealedKeys: '••••', keysDigest: 'd' } });
  });
});

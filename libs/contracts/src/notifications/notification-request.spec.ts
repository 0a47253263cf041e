import { describe, expect, it } from 'vitest';
import { reachableChannels } from './notification-request.js';

const push = { endpoint: 'https://push.example/sub/1', sealedKeys: 'k1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.sealed', keysDigest: 'd'.repeat(43) };

describe('reachableChannels', () => {
  it('keeps the channels of the preference, in its order, that the recipient has an address for', () => {
    expect(reachableChannels(['push', 'sms', 'voice'], { phone: '+15550001111', push })).toEqual(['push', 'sms', 'voice']);
    expect(reachableChannels(['push', 'sms', 'voice'], { phone: '+15550001111' })).toEqual(['sms', 'voice']);
    expect(reachableChannels(['email', 'whatsapp'], { phone: '+15550001111', email: 'ada@clinic.example' })).toEqual(['email', 'whatsapp']);
  });
});

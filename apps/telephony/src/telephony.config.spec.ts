import { loadConfig } from '@switchboard/platform';
import { describe, expect, it } from 'vitest';
import { TelephonyConfig } from './telephony.config.js';

describe('a secret with a public development default, with NODE_ENV=production', () => {
  it('telephony refuses the development key that opens push subscriptions until it is set', () => {
    const production = { NODE_ENV: 'production', OPS_KEYS: 'sk-ops-1' };
    expect(() => loadConfig(TelephonyConfig, production)).toThrowError(/PUSH_ENCRYPTION_KEYS: must be set when NODE_ENV=production/);
    expect(() => loadConfig(TelephonyConfig, { ...production, PUSH_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` })).not.toThrow();
  });
});

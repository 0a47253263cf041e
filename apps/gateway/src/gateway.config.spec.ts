import { loadConfig } from '@switchboard/platform';
import { describe, expect, it } from 'vitest';
import { GatewayConfig } from './gateway.config.js';

const PUSH_KEYS = `k1:${Buffer.alloc(32, 7).toString('base64')}`;

describe('secrets with public development defaults, with NODE_ENV=production', () => {
  it('the gateway refuses its development API, operator and push-sealing keys until each is set', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production' })).toThrowError(/OPS_KEYS: must be set[^]*API_KEYS: must be set[^]*PUSH_ENCRYPTION_KEYS: must be set/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', API_KEYS: 'sk-live-1' })).toThrowError(/OPS_KEYS: must be set/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', API_KEYS: 'sk-live-1', OPS_KEYS: 'sk-ops-1' })).toThrowError(/PUSH_ENCRYPTION_KEYS: must be set/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', API_KEYS: 'sk-live-1', OPS_KEYS: 'sk-ops-1', PUSH_ENCRYPTION_KEYS: PUSH_KEYS })).not.toThrow();
  });

  it('refuses push-sealing keys that are not 32 bytes each, naming the setting', () => {
    expect(() => loadConfig(GatewayConfig, { PUSH_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrowError(/PUSH_ENCRYPTION_KEYS: must be id:base64key/);
  });
});

import { loadConfig } from '@switchboard/platform';
import { describe, expect, it } from 'vitest';
import { GatewayConfig } from './gateway.config.js';

describe('secrets with public development defaults, with NODE_ENV=production', () => {
  it('the gateway refuses its development API and operator keys until both are set', () => {
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production' })).toThrowError(/OPS_KEYS: must be set[^]*API_KEYS: must be set/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', API_KEYS: 'sk-live-1' })).toThrowError(/OPS_KEYS: must be set/);
    expect(() => loadConfig(GatewayConfig, { NODE_ENV: 'production', API_KEYS: 'sk-live-1', OPS_KEYS: 'sk-ops-1' })).not.toThrow();
  });
});

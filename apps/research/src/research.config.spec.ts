import { loadConfig } from '@switchboard/platform';
import { describe, expect, it } from 'vitest';
import { ResearchConfig } from './research.config.js';

describe('a secret with a public development default, with NODE_ENV=production', () => {
  it('research refuses the development key that seals refresh tokens until one is set', () => {
    const production = { NODE_ENV: 'production', OPS_KEYS: 'sk-ops-1' };
    expect(() => loadConfig(ResearchConfig, production)).toThrowError(/TOKEN_ENCRYPTION_KEYS: must be set when NODE_ENV=production/);
    expect(() => loadConfig(ResearchConfig, { ...production, TOKEN_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` })).not.toThrow();
  });
});

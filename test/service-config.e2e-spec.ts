import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const runService = (name: string, env: Record<string, string>) =>
  spawnSync('node', ['--import', '@swc-node/register/esm-register', `apps/${name}/src/main.ts`], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('a service started with bad configuration', () => {
  it('stops at once with exit code 1 and names each bad variable', () => {
    const result = runService('telephony', { TELEPHONY_PORT: 'not-a-port', DATABASE_URL: 'mysql://localhost/x' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('telephony: Invalid configuration');
    expect(result.stderr).toMatch(/TELEPHONY_PORT: .*got "not-a-port"/);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
  });

  it('names a malformed service URL on the gateway', () => {
    const result = runService('gateway', { CLAIMS_URL: 'claims:3003' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/CLAIMS_URL: must be an http\(s\) URL \(got "claims:3003"\)/);
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenVault } from './token-vault.js';

const key = () => randomBytes(32).toString('base64');

describe('TokenVault', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const vault = new TokenVault(`k1:${key()}`);
    const { keyId, sealed } = vault.seal('1//refresh-token');
    expect(keyId).toBe('k1');
    expect(sealed).not.toContain('refresh-token');
    expect(vault.open(sealed)).toBe('1//refresh-token');
  });

  it('refuses a tampered ciphertext', () => {
    const vault = new TokenVault(`k1:${key()}`);
    const parts = vault.seal('secret').sealed.split('.');
    parts[3] = Buffer.from('secreT').toString('base64url');
    expect(() => vault.open(parts.join('.'))).toThrow();
  });

  it('rotates: a new first key seals, the old one still opens, and old seals are flagged for resealing', () => {
    const old = `k1:${key()}`;
    const sealedBefore = new TokenVault(old).seal('secret').sealed;
    const rotated = new TokenVault(`k2:${key()},${old}`);
    expect(rotated.open(sealedBefore)).toBe('secret');
    expect(rotated.needsResealing(sealedBefore)).toBe(true);
    expect(rotated.needsResealing(rotated.seal('secret').sealed)).toBe(false);
    expect(() => new TokenVault(`k2:${key()}`).open(sealedBefore)).toThrow(/no key k1/);
  });
});

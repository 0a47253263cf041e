import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretVault } from './secret-vault.js';

const key = () => randomBytes(32).toString('base64');

describe('SecretVault', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const vault = new SecretVault(`k1:${key()}`);
    const { keyId, sealed } = vault.seal('1//refresh-token');
    expect(keyId).toBe('k1');
    expect(sealed).not.toContain('refresh-token');
    expect(vault.open(sealed)).toBe('1//refresh-token');
  });

  it('refuses a tampered ciphertext', () => {
    const vault = new SecretVault(`k1:${key()}`);
    const parts = vault.seal('secret').sealed.split('.');
    parts[3] = Buffer.from('secreT').toString('base64url');
    expect(() => vault.open(parts.join('.'))).toThrow();
  });

  it('rotates: a new first key seals, the old one still opens, and old seals are flagged for resealing', () => {
    const old = `k1:${key()}`;
    const sealedBefore = new SecretVault(old).seal('secret').sealed;
    const rotated = new SecretVault(`k2:${key()},${old}`);
    expect(rotated.open(sealedBefore)).toBe('secret');
    expect(rotated.needsResealing(sealedBefore)).toBe(true);
    expect(rotated.needsResealing(rotated.seal('secret').sealed)).toBe(false);
    expect(() => new SecretVault(`k2:${key()}`).open(sealedBefore)).toThrow(/no key k1/);
  });
});

describe('SecretVault.derive', () => {
  const k1 = `k1:${key()}`;

  it('derives the same value from the same key, purpose and message, and another from any other', () => {
    const vault = new SecretVault(k1);
    const { keyId, value } = vault.derive('channel-token', 'channel-1');
    expect(keyId).toBe('k1');
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new SecretVault(k1).derive('channel-token', 'channel-1').value).toBe(value);
    expect(vault.derive('channel-token', 'channel-2').value).not.toBe(value);
    expect(vault.derive('another-purpose', 'channel-1').value).not.toBe(value);
    expect(new SecretVault(`k1:${key()}`).derive('channel-token', 'channel-1').value).not.toBe(value);
  });

  it('derives with the current key, or with an older one named, while it is in the list', () => {
    const before = new SecretVault(k1).derive('channel-token', 'channel-1');
    const rotated = new SecretVault(`k2:${key()},${k1}`);
    expect(rotated.derive('channel-token', 'channel-1').keyId).toBe('k2');
    expect(rotated.derive('channel-token', 'channel-1', 'k1')).toEqual(before);
    expect(() => new SecretVault(`k2:${key()}`).derive('channel-token', 'channel-1', 'k1')).toThrow(/no key k1/);
  });
});

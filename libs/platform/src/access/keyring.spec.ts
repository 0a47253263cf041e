import { describe, expect, it } from 'vitest';
import { bearerToken, commaList, Keyring } from './keyring.js';

describe('Keyring', () => {
  const keyring = new Keyring([
    { setting: 'READ_API_KEYS', keys: commaList(' sk-r , sk-both,'), roles: ['reader'] },
    { setting: 'OPS_KEYS', keys: ['sk-o', 'sk-both'], roles: ['reader', 'operator'] },
    { setting: 'ADMIN_KEYS', keys: [], roles: ['reader', 'writer', 'operator'] },
  ]);

  it('knows each configured key by a digest that is not the key, with the roles of its settings', () => {
    expect(keyring.match('sk-r')).toEqual({ digest: expect.stringMatching(/^[0-9a-f]{64}$/), roles: ['reader'] });
    expect(keyring.match('sk-o')?.roles).toEqual(['operator', 'reader']);
    expect(keyring.match('sk-o')?.digest).not.toEqual(keyring.match('sk-r')?.digest);
  });

  it('gives a key listed in two settings the roles of both', () => {
    expect(keyring.match('sk-both')?.roles).toEqual(['operator', 'reader']);
  });

  it.each(['', 'sk-', 'sk-r ', 'SK-R', 'sk-rr'])('refuses %j', (token) => {
    expect(keyring.match(token)).toBeUndefined();
  });

  it('names the settings whose keys hold a role', () => {
    expect(keyring.settingsFor('operator')).toEqual(['OPS_KEYS', 'ADMIN_KEYS']);
    expect(keyring.settingsFor('writer')).toEqual(['ADMIN_KEYS']);
  });
});

describe('bearerToken', () => {
  it.each([
    ['Bearer sk-1', 'sk-1'],
    ['bearer   sk-1 ', 'sk-1'],
  ])('reads %j', (header, token) => expect(bearerToken(header)).toBe(token));

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic c2s6', 'Bearer a b', 'Bearer é', `Bearer ${'x'.repeat(513)}`, 'Bearer a\u0000'])(
    'finds no token in %j',
    (header) => expect(bearerToken(header)).toBeUndefined(),
  );
});

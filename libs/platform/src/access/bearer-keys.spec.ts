import { describe, expect, it } from 'vitest';
import { BearerKeys, bearerToken, keyList } from './bearer-keys.js';

describe('BearerKeys', () => {
  const keys = new BearerKeys(keyList(' sk-a , sk-b,'));

  it('knows each configured key, by a digest that is not the key', () => {
    expect(keys.match('sk-b')).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.match('sk-b')).not.toEqual(keys.match('sk-a'));
  });

  it.each(['', 'sk-', 'sk-a ', 'SK-A', 'sk-ab'])('refuses %j', (token) => {
    expect(keys.match(token)).toBeUndefined();
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

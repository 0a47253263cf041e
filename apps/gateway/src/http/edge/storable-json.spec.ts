import { describe, expect, it } from 'vitest';
import { findUnstorable } from './storable-json.js';

const nested = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('findUnstorable', () => {
  it('lets ordinary bodies through, emoji, line breaks and all', () => {
    expect(findUnstorable({ name: 'Ada 😀', checklist: ['a\nb'], contacts: [{ phone: '+15551230001' }], n: 1e308, ok: true, none: null })).toBeUndefined();
  });

  it.each([
    ['a NUL in a nested value', { contacts: [{ name: 'Ad\u0000a' }] }, 'contacts[0].name', /NUL/],
    ['a lone high surrogate', { checklist: ['ok', 'a\ud800b'] }, 'checklist[1]', /lone surrogate/],
    ['a lone low surrogate at the root', '\udc00', 'the body', /lone surrogate/],
    ['a NUL in a field name', { 'na\u0000me': 'x' }, '"na\\u0000me"', /field name contains a NUL/],
    ['__proto__ as a key', JSON.parse('{"contacts":[{"__proto__":{"admin":true}}]}'), 'contacts[0]."__proto__"', /may not be used/],
    ['constructor as a key', { constructor: 1 }, '"constructor"', /may not be used/],
  ])('refuses %s, naming where it is', (_, body, field, problem) => {
    const found = findUnstorable(body);
    expect(found?.field).toBe(field);
    expect(found?.problem).toMatch(problem);
  });

  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(findUnstorable(nested(32))).toBeUndefined();
    expect(findUnstorable(nested(33))).toMatchObject({ problem: 'is nested deeper than 32 levels' });
  });

  it('refuses a body nested a million levels deep without overflowing the stack', () => {
    expect(findUnstorable(nested(1_000_000))?.problem).toMatch(/deeper than 32/);
  });

  it('reports the first problem in document order', () => {
    expect(findUnstorable({ a: ['\u0000'], b: '\u0000' })?.field).toBe('a[0]');
  });
});

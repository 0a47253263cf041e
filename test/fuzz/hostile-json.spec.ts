import { describe, expect, it } from 'vitest';
import { encodeJson, invalidUtf8, Members, nested, Raw } from './hostile-json.js';

describe('encodeJson', () => {
  it('writes duplicate keys and an own __proto__ key as they are, which JSON.stringify cannot', () => {
    const body = encodeJson({ contacts: [new Members([['__proto__', { polluted: true }], ['name', 'a'], ['name', 1]])] });
    expect(body.toString()).toBe('{"contacts":[{"__proto__":{"polluted":true},"name":"a","name":1}]}');
  });

  it('writes Raw fragments verbatim: numbers JSON.parse turns into Infinity and -0, and bytes no text has', () => {
    const body = encodeJson({ a: new Raw('1e309', () => Buffer.from('1e309')), b: new Raw('-0', () => Buffer.from('-0')), c: invalidUtf8('x', [0xff]) });
    expect(body).toEqual(Buffer.concat([Buffer.from('{"a":1e309,"b":-0,"c":"x'), Buffer.from([0xff]), Buffer.from('"}')]));
    expect(JSON.parse(encodeJson({ a: new Raw('1e309', () => Buffer.from('1e309')) }).toString())).toEqual({ a: Infinity });
  });

  it('writes a lone surrogate as an escape, valid JSON of a string that is not valid text', () => {
    expect(encodeJson({ name: 'a\ud800b' }).toString()).toBe('{"name":"a\\ud800b"}');
  });

  it('nests 20,000 levels without recursing', () => {
    const body = encodeJson({ a: nested(20_000, 'object') }).toString();
    expect(body.startsWith('{"a":{"a":{"a":')).toBe(true);
    expect(body.length).toBe('{"a":'.length + 20_000 * '{"a":}'.length + 1 + 1);
  });
});

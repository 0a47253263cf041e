import { describe, expect, it } from 'vitest';
import { keptFilter } from './jetstream-provisioner.js';

describe('keptFilter', () => {
  it('follows the handler to a newer version or another event', () => {
    expect(keptFilter('ns.test.thing.happened.v1', 'ns.test.thing.happened.v2')).toBe('ns.test.thing.happened.v2');
    expect(keptFilter('ns.test.thing.happened.v1', 'ns.test.other.seen.v1')).toBe('ns.test.other.seen.v1');
  });

  it('keeps a newer version of the same event against an older replica', () => {
    expect(keptFilter('ns.test.thing.happened.v3', 'ns.test.thing.happened.v2')).toBe('ns.test.thing.happened.v3');
  });

  it('compares versions as numbers', () => {
    expect(keptFilter('ns.test.thing.happened.v10', 'ns.test.thing.happened.v9')).toBe('ns.test.thing.happened.v10');
  });
});

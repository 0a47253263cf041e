import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion, RRF_K } from './reciprocal-rank-fusion.js';

describe('reciprocal rank fusion', () => {
  it('ranks first what both rankings agree on, above what only one ranks first', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['b', 'd', 'a'],
    ]);
    expect(fused.map((f) => f.key)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0].score).toBeCloseTo(1 / (RRF_K + 2) + 1 / (RRF_K + 1));
  });

  it('keeps a single ranking as it is, and has nothing for nothing', () => {
    expect(reciprocalRankFusion([['x', 'y'], []]).map((f) => f.key)).toEqual(['x', 'y']);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { type Candidate, nextNurse } from './round-robin.js';

const nurse = (nurseId: string, open: number, capacity: number, lastTurn: number): Candidate => ({ nurseId, open, capacity, lastTurn });

describe('nextNurse', () => {
  it('gives the task to the nurse served least recently, never-served first', () => {
    expect(nextNurse([nurse('a', 1, 5, 3), nurse('b', 0, 5, 0), nurse('c', 2, 5, 1)])?.nurseId).toBe('b');
    expect(nextNurse([nurse('a', 1, 5, 3), nurse('c', 2, 5, 1)])?.nurseId).toBe('c');
  });

  it('skips nurses at capacity, and finds nobody when all are full', () => {
    expect(nextNurse([nurse('a', 5, 5, 0), nurse('b', 1, 5, 9)])?.nurseId).toBe('b');
    expect(nextNurse([nurse('a', 5, 5, 0), nurse('b', 2, 2, 1)])).toBeUndefined();
    expect(nextNurse([])).toBeUndefined();
  });

  it('rotates evenly when applied turn after turn', () => {
    const pool = [nurse('a', 0, 40, 0), nurse('b', 0, 40, 0), nurse('c', 0, 40, 0)];
    for (let turn = 1; turn <= 99; turn++) {
      const chosen = nextNurse(pool)!;
      chosen.open += 1;
      chosen.lastTurn = turn;
    }
    expect(pool.map((c) => c.open)).toEqual([33, 33, 33]);
  });

  it('can leave out the current assignee (reassignment)', () => {
    expect(nextNurse([nurse('a', 0, 5, 0), nurse('b', 0, 5, 1)], 'a')?.nurseId).toBe('b');
  });
});

/** A nurse on shift in the pool, as the assignment sees them. */
export interface Candidate {
  nurseId: string;
  /** Open (assigned or acknowledged) tasks now. */
  open: number;
  capacity: number;
  /** The pool's turn counter when they were last given a task; 0 if never. */
  lastTurn: number;
}

/**
 * Round robin: the nurse with room who was given a task least recently (never first), ties broken
 * by id so that every replica decides the same. Undefined when nobody has room. Turns are a counter
 * of the pool rather than clock times, which tie within one transaction.
 */
export function nextNurse(candidates: Candidate[], excluding?: string): Candidate | undefined {
  return candidates
    .filter((c) => c.open < c.capacity && c.nurseId !== excluding)
    .sort((a, b) => a.lastTurn - b.lastTurn || a.nurseId.localeCompare(b.nurseId))[0];
}

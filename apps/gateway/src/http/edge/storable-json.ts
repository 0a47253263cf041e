import { hasLoneSurrogate } from '@switchboard/contracts';

/** Deepest nesting of objects and arrays a request may have; our deepest DTO needs 3. */
export const MAX_JSON_DEPTH = 32;

/** Keys that would reach an object's prototype once code copies the body into a class instance. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface Unstorable {
  /** The path of the offending value from the root of the body, e.g. `contacts[1].name`. */
  field: string;
  problem: string;
}

/** A value on the walk, with the way back to the root: its path is spelt out only if it is refused. */
interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame, key?: string | number): string {
  const keys: (string | number)[] = key === undefined ? [] : [key];
  for (let at: Frame | undefined = frame; at?.key !== undefined; at = at.parent) keys.unshift(at.key);
  if (keys.length === 0) return 'the body';
  return keys.reduce<string>((path, part) => (typeof part === 'number' ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character, which cannot be stored';
  if (hasLoneSurrogate(text)) return 'contains a lone surrogate (invalid Unicode), which cannot be stored';
  return undefined;
}

/**
 * The first thing in a parsed body that must not go further: nesting deeper than `maxDepth` (later
 * code walks bodies recursively: hashing, validation, logging), a key that could reach a prototype,
 * or text PostgreSQL cannot store (NUL, lone surrogates). Walked with an explicit stack, so a body
 * nested a million levels deep is refused, not a stack overflow.
 */
export function findUnstorable(body: unknown, maxDepth = MAX_JSON_DEPTH): Unstorable | undefined {
  const stack: Frame[] = [{ value: body, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return { field: pathOf(frame), problem };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > maxDepth) return { field: pathOf(frame), problem: `is nested deeper than ${maxDepth} levels` };
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push({ value: value[index], depth: depth + 1, parent: frame, key: index });
      continue;
    }
    const keys = Object.keys(value);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      const problem = RESERVED_KEYS.has(key) ? 'may not be used as a field name' : textProblem(key);
      if (problem) return { field: pathOf(frame, JSON.stringify(key)), problem: `the field name ${problem}` };
      stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key });
    }
  }
  return undefined;
}

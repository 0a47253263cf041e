import { describe, expect, it } from 'vitest';
import { atLeast, optKeyword, redFlags } from './red-flags.js';

describe('red flags', () => {
  it.each([
    ['I have chest pain since this morning', 'HIGH', 'CHEST_PAIN'],
    ["I can't breathe when I lie down", 'HIGH', 'BREATHING_DIFFICULTY'],
    ['I can’t breathe', 'HIGH', 'BREATHING_DIFFICULTY'],
    ['my face is drooping', 'CRITICAL', 'STROKE_SIGNS'],
  ])('%s -> %s', (text, severity, code) => {
    expect(redFlags(text)).toEqual({ severity, reasonCodes: [code] });
  });

  it('finds nothing in an ordinary reply', () => {
    expect(redFlags('Feeling fine, thanks. Took my pills.')).toEqual({ severity: 'NONE', reasonCodes: [] });
  });

  it('only raises a severity', () => {
    expect(atLeast('LOW', 'HIGH')).toBe('HIGH');
    expect(atLeast('CRITICAL', 'HIGH')).toBe('CRITICAL');
    expect(atLeast('MODERATE', 'NONE')).toBe('MODERATE');
  });

  it('knows STOP and START as whole messages only', () => {
    expect(optKeyword(' stop ')).toBe('out');
    expect(optKeyword('START')).toBe('in');
    expect(optKeyword('please stop the pills?')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { averageConfidence, hasEnoughEvidence, verdict } from './verdict.js';

describe('the tolerance rule', () => {
  it('validates consistent support with average confidence of at least 0.6', () => {
    expect(verdict('supported', 0.6)).toBe('VALIDATED');
    expect(verdict('supported', 0.9)).toBe('VALIDATED');
  });

  it('invalidates contradiction, and support too unsure to stand', () => {
    expect(verdict('contradicted', 0.95)).toBe('INVALIDATED');
    expect(verdict('supported', 0.59)).toBe('INVALIDATED');
  });

  it('leaves mixed evidence inconclusive, whatever the confidence', () => {
    expect(verdict('mixed', 0.99)).toBe('INCONCLUSIVE');
  });

  it('averages confidence over the claims used', () => {
    expect(averageConfidence([{ confidence: 0.5 }, { confidence: 0.7 }, { confidence: 0.9 }])).toBe(0.7);
  });
});

describe('enough evidence', () => {
  it('takes three claims from three different calls', () => {
    expect(hasEnoughEvidence([{ callId: 'a' }, { callId: 'b' }, { callId: 'c' }])).toBe(true);
    expect(hasEnoughEvidence([{ callId: 'a' }, { callId: 'a' }, { callId: 'b' }, { callId: 'b' }])).toBe(false);
    expect(hasEnoughEvidence([{ callId: 'a' }, { callId: 'b' }])).toBe(false);
  });
});

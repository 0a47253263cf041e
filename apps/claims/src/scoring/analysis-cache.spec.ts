import { describe, expect, it } from 'vitest';
import { cacheKey } from './analysis-cache.js';

const base = { stage: 'gold' as const, transcript: 'Agent: Hello there.\nCustomer: Hi', model: 'claude-sonnet-4-6', version: 'gold-1|sales-call@1' };

describe('the analysis cache key', () => {
  it('is the same for a transcript differing only in whitespace', () => {
    expect(cacheKey({ ...base, transcript: '  Agent:  Hello there.\r\n\tCustomer: Hi ' })).toBe(cacheKey(base));
  });

  it('changes with the words, the model, the prompt or rubric version, and the stage', () => {
    const key = cacheKey(base);
    expect(cacheKey({ ...base, transcript: 'Agent: Hello there. Customer: Bye' })).not.toBe(key);
    expect(cacheKey({ ...base, model: 'claude-opus-4-7' })).not.toBe(key);
    expect(cacheKey({ ...base, version: 'gold-1|sales-call@2' })).not.toBe(key);
    expect(cacheKey({ ...base, stage: 'silver' })).not.toBe(key);
  });
});

import { describe, expect, it } from 'vitest';
import { completeWithRepairs, InvalidModelOutputError } from './structured-output.js';

const request = { model: 'm', prompt: 'p', schemaName: 'answer', schema: { type: 'object', required: ['ok'] } };

describe('structured output', () => {
  it('sends an invalid answer back twice, then gives up with a failure of its own class', async () => {
    let asked = 0;
    const failure = await completeWithRepairs(async () => (asked++, { text: 'not json', inputTokens: 1, outputTokens: 1 }), request).catch((e) => e);
    expect(asked).toBe(3);
    expect(failure).toBeInstanceOf(InvalidModelOutputError);
    expect(failure.message).toMatch(/^answer: the model's answer was still invalid after 3 attempts/);
  });

  it('returns the first valid answer, with the usage of every attempt', async () => {
    const answers = ['{}', '{"ok": true}'];
    const result = await completeWithRepairs(async () => ({ text: answers.shift()!, inputTokens: 10, outputTokens: 2 }), request);
    expect(result).toMatchObject({ value: { ok: true }, attempts: 2, usage: { inputTokens: 20, outputTokens: 4 } });
  });
});

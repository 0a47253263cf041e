import { NonRetriableError, RetryAfterError, TimeoutError } from '@switchboard/durable';
import { embed, ProviderSimulator, SIMULATOR_OPENAI_KEY } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StructuredRequest } from '../llm/llm.port.js';
import { OpenAiEmbeddings, OpenAiLlm } from './openai.adapter.js';

let simulator: ProviderSimulator;
let llm: OpenAiLlm;

const claimsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['claims'],
  properties: {
    claims: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['statement', 'confidence'],
        properties: { statement: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
      },
    },
  },
};
const request = (prompt: string): StructuredRequest => ({ model: 'gpt-4o-mini', prompt, schemaName: 'claims', schema: claimsSchema });
const valid = { claims: [{ statement: 'Prices went up', confidence: 0.8 }] };

beforeAll(async () => {
  simulator = await ProviderSimulator.start();
  llm = new OpenAiLlm({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl });
});
beforeEach(() => {
  simulator.state.reset();
  simulator.chats.scripts.length = 0;
});
afterAll(() => simulator.stop());

describe('OpenAiLlm: JSON schema output on the official SDK', () => {
  it('returns the parsed answer with its usage and cost', async () => {
    simulator.chats.scripts.push({ whenPromptContains: 'extract claims', reply: valid });
    const result = await llm.completeJson(request('extract claims from this call'));
    expect(result.value).toEqual(valid);
    expect(result.attempts).toBe(1);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.costUsd).toBeGreaterThan(0);
    const [sent] = simulator.state.requests.filter((r) => r.endpoint === 'openai.chat');
    expect(sent.body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'claims', strict: true } });
  });

  it('sends an invalid answer back with what is wrong, and takes the repaired one', async () => {
    simulator.chats.scripts.push(
      { whenPromptContains: 'Your last answer was invalid', reply: valid },
      { whenPromptContains: 'extract claims', reply: { claims: [{ statement: 'no confidence' }] } },
    );
    const result = await llm.completeJson(request('extract claims'));
    expect(result.value).toEqual(valid);
    expect(result.attempts).toBe(2);
    const repair = simulator.state.requests.filter((r) => r.endpoint === 'openai.chat')[1];
    expect(JSON.stringify(repair.body.messages)).toContain("must have required property 'confidence'");
  });

  it('gives up after the bounded repairs, as a retriable failure', async () => {
    simulator.chats.scripts.push({ whenPromptContains: 'extract claims', reply: 'this is not json{' });
    const failure = await llm.completeJson(request('extract claims')).catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(/still invalid after 3 attempts: it is not valid JSON/);
    expect(failure).not.toBeInstanceOf(NonRetriableError);
    expect(simulator.state.requests.filter((r) => r.endpoint === 'openai.chat')).toHaveLength(3);
  });

  it('maps 429 to RetryAfterError and a wrong key to NonRetriableError', async () => {
    simulator.state.setFault('openai.chat', { status: 429, retryAfterSeconds: 3, times: 1 });
    const limited = await llm.completeJson(request('x')).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as RetryAfterError).retryAfterMs).toBe(3_000);
    const impostor = new OpenAiLlm({ apiKey: 'sk-wrong', baseUrl: simulator.openaiBaseUrl });
    await expect(impostor.completeJson(request('x'))).rejects.toBeInstanceOf(NonRetriableError);
  });
});

describe('timeouts', () => {
  it('a provider slower than the timeout fails with a retriable TimeoutError', async () => {
    simulator.state.setFault('openai.chat', { latencyMs: 1_000, times: 1 });
    const impatient = new OpenAiLlm({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl, timeoutMs: 100 });
    await expect(impatient.completeJson(request('x'))).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('OpenAiEmbeddings', () => {
  it('embeds in batches of 20, in order, deterministically', async () => {
    const embeddings = new OpenAiEmbeddings({ apiKey: SIMULATOR_OPENAI_KEY, baseUrl: simulator.openaiBaseUrl });
    const texts = Array.from({ length: 45 }, (_, i) => `chunk ${i}`);
    const { vectors, usage } = await embeddings.embed(texts);
    expect(vectors).toHaveLength(45);
    const expected = embed('chunk 44');
    vectors[44].forEach((value, i) => expect(value).toBeCloseTo(expected[i], 6));
    expect(simulator.state.requests.filter((r) => r.endpoint === 'openai.embeddings')).toHaveLength(3);
    expect(usage.inputTokens).toBeGreaterThan(0);
  });
});

import { NonRetriableError, RetryAfterError } from '@switchboard/durable';
import { ProviderSimulator, SIMULATOR_ANTHROPIC_KEY, SIMULATOR_PERPLEXITY_KEY } from '@switchboard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PerplexityResearch } from '../perplexity/perplexity.adapter.js';
import { AnthropicLlm } from './anthropic.adapter.js';

let simulator: ProviderSimulator;
const schema = {
  type: 'object',
  required: ['score', 'coaching'],
  properties: { score: { type: 'integer', minimum: 0, maximum: 100 }, coaching: { type: 'string' } },
};

beforeAll(async () => {
  simulator = await ProviderSimulator.start();
});
beforeEach(() => {
  simulator.state.reset();
  simulator.chats.scripts.length = 0;
});
afterAll(() => simulator.stop());

describe('AnthropicLlm: the schema as a forced tool call, on the official SDK', () => {
  const llm = () => new AnthropicLlm({ apiKey: SIMULATOR_ANTHROPIC_KEY, baseUrl: simulator.anthropicBaseUrl });
  const score = { model: 'claude-sonnet-4-5', prompt: 'score this call', schemaName: 'call_score', schema };

  it('returns the tool input as the answer, with usage and cost', async () => {
    simulator.chats.scripts.push({ whenPromptContains: 'score this call', reply: { score: 72, coaching: 'Ask about budget earlier.' } });
    const result = await llm().completeJson(score);
    expect(result.value).toEqual({ score: 72, coaching: 'Ask about budget earlier.' });
    expect(result.usage.costUsd).toBeGreaterThan(0);
    const [sent] = simulator.state.requests.filter((r) => r.endpoint === 'anthropic.messages');
    expect(sent.body.tool_choice).toEqual({ type: 'tool', name: 'call_score' });
  });

  it('repairs an answer outside the schema', async () => {
    simulator.chats.scripts.push(
      { whenPromptContains: 'Your last answer was invalid', reply: { score: 60, coaching: 'ok' } },
      { whenPromptContains: 'score this call', reply: { score: 140, coaching: 'too high' } },
    );
    const result = await llm().completeJson(score);
    expect(result).toMatchObject({ value: { score: 60 }, attempts: 2 });
  });

  it('maps 429 to RetryAfterError and a bad key to NonRetriableError', async () => {
    simulator.state.setFault('anthropic.messages', { status: 429, retryAfterSeconds: 2, times: 1 });
    const limited = await llm().completeJson(score).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as RetryAfterError).retryAfterMs).toBe(2_000);
    const impostor = new AnthropicLlm({ apiKey: 'wrong', baseUrl: simulator.anthropicBaseUrl });
    await expect(impostor.completeJson(score)).rejects.toBeInstanceOf(NonRetriableError);
  });
});

describe('PerplexityResearch: OpenAI chat API with citations', () => {
  it('returns the answer and its sources', async () => {
    simulator.chats.scripts.push({
      whenPromptContains: 'Acme Corp',
      reply: 'Acme Corp raised a Series B in 2026.',
      citations: ['https://example.com/acme-series-b'],
    });
    const research = new PerplexityResearch({ apiKey: SIMULATOR_PERPLEXITY_KEY, baseUrl: simulator.perplexityBaseUrl });
    expect(await research.research('What is new at Acme Corp?')).toEqual({
      answer: 'Acme Corp raised a Series B in 2026.',
      citations: ['https://example.com/acme-series-b'],
    });
    const impostor = new PerplexityResearch({ apiKey: 'wrong', baseUrl: simulator.perplexityBaseUrl });
    await expect(impostor.research('x')).rejects.toBeInstanceOf(NonRetriableError);
  });
});

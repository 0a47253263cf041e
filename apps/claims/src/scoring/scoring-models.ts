import { Injectable } from '@nestjs/common';
import { withTimeout } from '@switchboard/durable';
import { AnthropicLlm, type StructuredRequest } from '@switchboard/providers';
import type { ModelUsage } from '@switchboard/contracts';
import { ClaimsConfig } from '../claims.config.js';
import { MODEL_TIMEOUT_MS } from './scoring-policy.js';

/**
 * The Anthropic models call scoring asks (small for silver, large for gold), with invalid answers
 * sent back twice (the adapter's repairs) and the cost from the configured price table.
 */
@Injectable()
export class ScoringModels {
  private readonly llm: AnthropicLlm;
  private readonly prices: Record<string, [number, number]>;

  constructor(config: ClaimsConfig) {
    this.llm = new AnthropicLlm({ ...config.anthropic, timeoutMs: MODEL_TIMEOUT_MS });
    this.prices = config.scoringPrices;
  }

  async ask<T>(request: Omit<StructuredRequest, 'signal' | 'maxRepairs'>): Promise<{ value: T; usage: ModelUsage }> {
    const { value, usage } = await withTimeout(request.schemaName, MODEL_TIMEOUT_MS, (signal) =>
      this.llm.completeJson<T>({ ...request, maxRepairs: 2, signal }),
    );
    return { value, usage: { model: request.model, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: this.cost(request.model, usage) } };
  }

  private cost(model: string, usage: { inputTokens: number; outputTokens: number }): number {
    const [input, output] = this.prices[model] ?? [0, 0];
    return (usage.inputTokens * input + usage.outputTokens * output) / 1_000_000;
  }
}

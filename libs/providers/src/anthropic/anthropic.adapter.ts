import type Anthropic from '@anthropic-ai/sdk';
import { mapApiError } from '../errors/api-errors.js';
import { LlmPort, type StructuredRequest, type StructuredResult } from '../llm/llm.port.js';
import { completeWithRepairs } from '../llm/structured-output.js';
import { onFirstUse } from '../sdk/on-first-use.js';

export interface AnthropicOptions {
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
  maxTokens?: number;
}

/**
 * Structured output on Anthropic's official SDK: the schema is a tool the model is made to call,
 * and the tool call's input is the answer (checked against the schema like any other).
 */
export class AnthropicLlm extends LlmPort {
  private readonly anthropic: () => Promise<Anthropic>;

  constructor(private readonly options: AnthropicOptions) {
    super();
    this.anthropic = onFirstUse(async () => {
      const { default: Sdk } = await import('@anthropic-ai/sdk');
      return new Sdk({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs ?? 30_000, maxRetries: 0 });
    });
  }

  completeJson<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    return completeWithRepairs<T>(async (turns) => {
      try {
        const message = await (await this.anthropic()).messages.create(
          {
            model: request.model,
            max_tokens: this.options.maxTokens ?? 4_096,
            system: turns.find((t) => t.role === 'system')?.content,
            messages: turns.filter((t) => t.role !== 'system').map((t) => ({ role: t.role as 'user' | 'assistant', content: t.content })),
            tools: [{ name: request.schemaName, description: `Answer as ${request.schemaName}`, input_schema: request.schema as Anthropic.Tool.InputSchema }],
            tool_choice: { type: 'tool', name: request.schemaName },
          },
          { signal: request.signal },
        );
        const call = message.content.find((block) => block.type === 'tool_use');
        return {
          text: call && call.type === 'tool_use' ? JSON.stringify(call.input) : '',
          inputTokens: message.usage.input_tokens,
          outputTokens: message.usage.output_tokens,
        };
      } catch (error) {
        throw mapApiError('Anthropic', error, `${request.schemaName} (${request.model})`);
      }
    }, request);
  }
}

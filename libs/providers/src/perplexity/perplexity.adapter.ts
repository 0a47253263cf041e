import type OpenAI from 'openai';
import { mapApiError } from '../errors/api-errors.js';
import { onFirstUse } from '../sdk/on-first-use.js';
import { type ResearchAnswer, WebResearchPort } from '../research/web-research.port.js';

export interface PerplexityOptions {
  apiKey: string;
  /** https://api.perplexity.ai unless the simulator's URL is given. */
  baseUrl?: string;
  model?: string;
  timeoutMs?: number;
}

/** Perplexity speaks the OpenAI chat API and adds `citations`: the OpenAI SDK serves it. */
export class PerplexityResearch extends WebResearchPort {
  private readonly client: () => Promise<OpenAI>;

  constructor(private readonly options: PerplexityOptions) {
    super();
    this.client = onFirstUse(async () => {
      const { default: Sdk } = await import('openai');
      return new Sdk({ apiKey: options.apiKey, baseURL: options.baseUrl ?? 'https://api.perplexity.ai', timeout: options.timeoutMs ?? 30_000, maxRetries: 0 });
    });
  }

  async research(question: string, signal?: AbortSignal): Promise<ResearchAnswer> {
    try {
      const completion = await (await this.client()).chat.completions.create(
        { model: this.options.model ?? 'sonar', messages: [{ role: 'user', content: question }] },
        { signal },
      );
      const citations = (completion as unknown as { citations?: string[] }).citations ?? [];
      return { answer: completion.choices[0]?.message.content ?? '', citations };
    } catch (error) {
      throw mapApiError('Perplexity', error, 'web research');
    }
  }
}

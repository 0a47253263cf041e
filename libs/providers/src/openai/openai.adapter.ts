import { NonRetriableError } from '@switchboard/durable';
import type OpenAI from 'openai';
import { EmbeddingsPort, type LlmUsage, LlmPort, type StructuredRequest, type StructuredResult } from '../llm/llm.port.js';
import { costUsd } from '../llm/pricing.js';
import { completeWithRepairs } from '../llm/structured-output.js';
import { SpeechToTextPort, type Transcript } from '../speech/speech-to-text.port.js';
import { mapApiError } from '../errors/api-errors.js';
import { onFirstUse } from '../sdk/on-first-use.js';

export interface OpenAiOptions {
  apiKey: string;
  /** The provider simulator's OpenAI URL; the real API when absent. */
  baseUrl?: string;
  timeoutMs?: number;
  embeddingModel?: string;
  embeddingBatchSize?: number;
}

const client = (options: OpenAiOptions) =>
  onFirstUse(async () => {
    const { default: Sdk } = await import('openai');
    // Our retry policies decide about retries, not the SDK.
    return new Sdk({ apiKey: options.apiKey, baseURL: options.baseUrl, timeout: options.timeoutMs ?? 30_000, maxRetries: 0 });
  });

/** Chat with JSON-schema output on the official OpenAI SDK. */
export class OpenAiLlm extends LlmPort {
  private readonly openai: () => Promise<OpenAI>;

  constructor(options: OpenAiOptions) {
    super();
    this.openai = client(options);
  }

  completeJson<T>(request: StructuredRequest): Promise<StructuredResult<T>> {
    return completeWithRepairs<T>(async (turns) => {
      try {
        const completion = await (await this.openai()).chat.completions.create(
          {
            model: request.model,
            messages: turns,
            response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: true } },
          },
          { signal: request.signal },
        );
        return {
          text: completion.choices[0]?.message.content ?? '',
          inputTokens: completion.usage?.prompt_tokens ?? 0,
          outputTokens: completion.usage?.completion_tokens ?? 0,
        };
      } catch (error) {
        throw mapApiError('OpenAI', error, `${request.schemaName} (${request.model})`);
      }
    }, request);
  }
}

/** Embeddings on the official OpenAI SDK, sent in batches (20 texts by default). */
export class OpenAiEmbeddings extends EmbeddingsPort {
  private readonly openai: () => Promise<OpenAI>;

  constructor(private readonly options: OpenAiOptions) {
    super();
    this.openai = client(options);
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<{ vectors: number[][]; usage: LlmUsage }> {
    const model = this.options.embeddingModel ?? 'text-embedding-3-small';
    const size = this.options.embeddingBatchSize ?? 20;
    const vectors: number[][] = [];
    let tokens = 0;
    for (let start = 0; start < texts.length; start += size) {
      try {
        const batch = await (await this.openai()).embeddings.create({ model, input: texts.slice(start, start + size) }, { signal });
        vectors.push(...batch.data.sort((a, b) => a.index - b.index).map((item) => item.embedding));
        tokens += batch.usage.prompt_tokens;
      } catch (error) {
        throw mapApiError('OpenAI', error, `embedding ${texts.length} texts`);
      }
    }
    return { vectors, usage: { model, inputTokens: tokens, outputTokens: 0, costUsd: costUsd(model, tokens, 0) } };
  }
}

/** Whisper transcription with word timestamps on the official OpenAI SDK (5 min timeout). */
export class OpenAiSpeechToText extends SpeechToTextPort {
  private readonly openai: () => Promise<OpenAI>;

  constructor(options: OpenAiOptions) {
    super();
    this.openai = client({ timeoutMs: 300_000, ...options });
  }

  async transcribe(audio: Buffer, options: { filename: string; signal?: AbortSignal }): Promise<Transcript> {
    if (audio.length > SpeechToTextPort.MAX_UPLOAD_BYTES) {
      throw new NonRetriableError(`${options.filename} is ${audio.length} bytes, over Whisper's 25 MB limit`);
    }
    try {
      const { toFile } = await import('openai');
      const result = await (await this.openai()).audio.transcriptions.create(
        {
          file: await toFile(audio, options.filename),
          model: 'whisper-1',
          response_format: 'verbose_json',
          timestamp_granularities: ['word'],
        },
        { signal: options.signal },
      );
      return {
        text: result.text,
        durationSeconds: Number(result.duration ?? 0),
        words: (result.words ?? []).map(({ word, start, end }) => ({ word, start, end })),
      };
    } catch (error) {
      throw mapApiError('OpenAI', error, `transcribing ${options.filename}`);
    }
  }
}

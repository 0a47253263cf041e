export type JsonSchema = Record<string, unknown>;

export interface StructuredRequest {
  /** The model for this use: a small one to triage, a large one to score. */
  model: string;
  system?: string;
  prompt: string;
  schemaName: string;
  /** The JSON Schema the answer must match; it is sent to the model and checked on return. */
  schema: JsonSchema;
  /** Times an invalid answer is sent back with its errors before giving up (default 2). */
  maxRepairs?: number;
  signal?: AbortSignal;
}

export interface LlmUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface StructuredResult<T> {
  value: T;
  /** Summed over every attempt, repairs included. */
  usage: LlmUsage;
  attempts: number;
}

/** A chat model that answers with JSON matching a schema. */
export abstract class LlmPort {
  abstract completeJson<T>(request: StructuredRequest): Promise<StructuredResult<T>>;
}

export abstract class EmbeddingsPort {
  /** One vector per text, in order; sent in batches. */
  abstract embed(texts: string[], signal?: AbortSignal): Promise<{ vectors: number[][]; usage: LlmUsage }>;
}

import { Ajv, type ErrorObject } from 'ajv';
import { costUsd } from './pricing.js';
import type { JsonSchema, LlmUsage, StructuredRequest, StructuredResult } from './llm.port.js';

export interface ChatTurn {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One model call: the turns so far in, the text and token counts out. */
export type AskModel = (turns: ChatTurn[]) => Promise<{ text: string; inputTokens: number; outputTokens: number }>;

/**
 * The model's answer was still invalid after every repair. Retriable like any failure (a step may
 * ask again later); a workflow that must not (call scoring: "retried twice, then the call fails")
 * recognizes it by its class.
 */
export class InvalidModelOutputError extends Error {
  override name = 'InvalidModelOutputError';
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<JsonSchema, ReturnType<Ajv['compile']>>();

function check(text: string, schema: JsonSchema): { value: unknown } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `it is not valid JSON (${(error as Error).message})` };
  }
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return { value };
  const errors = (validate.errors ?? []) as ErrorObject[];
  return { problem: `it does not match the schema: ${errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}` };
}

/**
 * Asks for JSON and checks it against the schema; an invalid answer is sent back with what is
 * wrong, a bounded number of times. Usage and cost add up over every attempt.
 */
export async function completeWithRepairs<T>(ask: AskModel, request: StructuredRequest): Promise<StructuredResult<T>> {
  const turns: ChatTurn[] = [
    ...(request.system ? [{ role: 'system' as const, content: request.system }] : []),
    { role: 'user', content: request.prompt },
  ];
  const usage: LlmUsage = { model: request.model, inputTokens: 0, outputTokens: 0, costUsd: 0 };
  const maxAttempts = 1 + (request.maxRepairs ?? 2);
  for (let attempt = 1; ; attempt++) {
    const answer = await ask(turns);
    usage.inputTokens += answer.inputTokens;
    usage.outputTokens += answer.outputTokens;
    usage.costUsd = costUsd(request.model, usage.inputTokens, usage.outputTokens);
    const checked = check(answer.text, request.schema);
    if ('value' in checked) return { value: checked.value as T, usage, attempts: attempt };
    if (attempt >= maxAttempts) {
      throw new InvalidModelOutputError(`${request.schemaName}: the model's answer was still invalid after ${attempt} attempts: ${checked.problem}`);
    }
    turns.push(
      { role: 'assistant', content: answer.text },
      { role: 'user', content: `Your last answer was invalid: ${checked.problem}. Answer again with JSON matching the schema.` },
    );
  }
}

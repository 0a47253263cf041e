import { createHash } from 'node:crypto';
import { ChatScripts, tokens } from '../chat-scripts.js';
import type { Reply, SimRequest } from '../http-kit.js';

export const SIMULATOR_OPENAI_KEY = 'sk-simulator';
const DIMENSIONS = 64;

/** Deterministic unit vector of a text: the same text always embeds the same way. */
export function embed(text: string): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < DIMENSIONS; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (const byte of digest) values.push(byte / 127.5 - 1);
  }
  const vector = values.slice(0, DIMENSIONS);
  const norm = Math.hypot(...vector);
  return vector.map((v) => v / norm);
}


/** OpenAI's chat completions (with JSON schema output) and embeddings. */
export class OpenAiApi {
  constructor(private readonly chats: ChatScripts) {}

  authorize(request: SimRequest): Reply | undefined {
    if (request.headers.authorization === `Bearer ${SIMULATOR_OPENAI_KEY}`) return undefined;
    return { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } };
  }

  chat(request: SimRequest): Reply {
    const messages = (request.body.messages ?? []) as { role: string; content: string }[];
    const prompt = messages.map((m) => m.content).join('\n');
    const script = this.chats.find(messages);
    const content = ChatScripts.text(script);
    return {
      status: 200,
      body: {
        id: `chatcmpl-${createHash('sha1').update(prompt).digest('hex').slice(0, 24)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: request.body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content, refusal: null } }],
        usage: { prompt_tokens: tokens(prompt), completion_tokens: tokens(content), total_tokens: tokens(prompt) + tokens(content) },
        // Perplexity answers in the same shape, with its sources.
        ...(script?.citations && { citations: script.citations }),
      },
    };
  }

  embeddings(request: SimRequest): Reply {
    const input = request.body.input;
    const texts = Array.isArray(input) ? (input as string[]) : [String(input)];
    const used = texts.reduce((sum, text) => sum + tokens(text), 0);
    return {
      status: 200,
      body: {
        object: 'list',
        model: request.body.model,
        // The SDK asks for base64 (little-endian float32) unless told otherwise, as the API allows.
        data: texts.map((text, index) => ({
          object: 'embedding',
          index,
          embedding:
            request.body.encoding_format === 'base64'
              ? Buffer.from(new Float32Array(embed(text)).buffer).toString('base64')
              : embed(text),
        })),
        usage: { prompt_tokens: used, total_tokens: used },
      },
    };
  }
}

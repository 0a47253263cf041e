import { createHash } from 'node:crypto';
import { ChatScripts, tokens } from '../chat-scripts.js';
import type { Reply, SimRequest } from '../http-kit.js';

export const SIMULATOR_OPENAI_KEY = 'sk-simulator';
export const EMBEDDING_DIMENSIONS = 256;
const STOP_WORDS = new Set(
  'a an and are as at be but by do does for from has have how i in is it its of on or so that the their there this to was we were what when where which who why will with you your'.split(' '),
);

/**
 * Deterministic unit vector of a text that carries its meaning: a feature-hashed bag of words
 * (lower-cased, stop words dropped, a crude plural strip), each word adding +-1 at its hashed
 * dimension, normalized. Texts sharing words are close; the same text always embeds the same way.
 */
export function embed(text: string): number[] {
  const vector = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const raw of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (STOP_WORDS.has(raw)) continue;
    const word = raw.length > 4 && raw.endsWith('s') ? raw.slice(0, -1) : raw;
    const digest = createHash('sha256').update(word).digest();
    vector[digest.readUInt16LE(0) % EMBEDDING_DIMENSIONS] += digest[2] & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector.map((_, i) => (i === 0 ? 1 : 0)) : vector.map((v) => v / norm);
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

import { randomBytes } from 'node:crypto';
import { ChatScripts, tokens } from '../chat-scripts.js';
import type { Reply, SimRequest } from '../http-kit.js';

export const SIMULATOR_ANTHROPIC_KEY = 'sk-ant-simulator';

/** Anthropic's Messages API; a forced tool call carries the structured answer, as the real API does. */
export class AnthropicApi {
  constructor(private readonly chats: ChatScripts) {}

  authorize(request: SimRequest): Reply | undefined {
    // Older SDKs send x-api-key, newer ones a bearer token: Anthropic accepts both.
    const key = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    if (key === SIMULATOR_ANTHROPIC_KEY) return undefined;
    return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
  }

  messages(request: SimRequest): Reply {
    const turns = (request.body.messages ?? []) as { role: string; content: unknown }[];
    const script = this.chats.find(turns);
    const text = ChatScripts.text(script);
    const tool = (request.body.tool_choice as { type?: string; name?: string } | undefined)?.name;
    let content: unknown[];
    if (tool) {
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch {
        input = { _unparseable: text };
      }
      content = [{ type: 'tool_use', id: `toolu_${randomBytes(8).toString('hex')}`, name: tool, input }];
    } else {
      content = [{ type: 'text', text }];
    }
    const input = tokens(JSON.stringify(turns));
    return {
      status: 200,
      body: {
        id: `msg_${randomBytes(12).toString('hex')}`,
        type: 'message',
        role: 'assistant',
        model: request.body.model,
        content,
        stop_reason: tool ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: input, output_tokens: tokens(text) },
      },
    };
  }
}

import { randomBytes } from 'node:crypto';
import { ChatScripts, tokens } from '../chat-scripts.js';
import type { Reply, SimRequest } from '../http-kit.js';
import type { Fault } from '../simulator-state.js';
import { callScoringAnswer, DEFAULT_SCORING_LATENCY, type ScoringLatency } from './call-scoring-answers.js';

export const SIMULATOR_ANTHROPIC_KEY = 'sk-ant-simulator';

/** Anthropic's Messages API; a forced tool call carries the structured answer, as the real API does. */
export class AnthropicApi {
  /** Call scoring's model latencies: `/__admin/scoring` changes them (tests scale them down). */
  scoringLatency: ScoringLatency = { ...DEFAULT_SCORING_LATENCY };

  constructor(private readonly chats: ChatScripts) {}

  authorize(request: SimRequest): Reply | undefined {
    // Older SDKs send x-api-key, newer ones a bearer token: Anthropic accepts both.
    const key = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    if (key === SIMULATOR_ANTHROPIC_KEY) return undefined;
    return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
  }

  /**
   * A scripted chat answers first; else call scoring's tools get their deterministic answer after
   * the model's latency (`invalidOutput` faults make it miss the schema).
   */
  async messages(request: SimRequest, fault?: Fault): Promise<Reply> {
    const turns = (request.body.messages ?? []) as { role: string; content: unknown }[];
    const script = this.chats.find(turns);
    const tool = (request.body.tool_choice as { type?: string; name?: string } | undefined)?.name;
    let text = ChatScripts.text(script);
    const firstPrompt = turns.find((t) => t.role === 'user')?.content;
    const scoring = script ? undefined : callScoringAnswer(tool, typeof firstPrompt === 'string' ? firstPrompt : '');
    if (scoring) {
      const small = String(request.body.model).includes('haiku');
      await new Promise((resolve) => setTimeout(resolve, small ? this.scoringLatency.smallMs : this.scoringLatency.largeMs));
      text = JSON.stringify(fault?.invalidOutput ? { unexpected: true } : scoring);
    }
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

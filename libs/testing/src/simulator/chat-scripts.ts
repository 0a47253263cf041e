/** A scripted model answer: the first script whose `whenPromptContains` appears in the prompt wins. */
export interface ChatScript {
  whenPromptContains: string;
  /** An object is sent as JSON text; a string is sent as is (to test invalid output). */
  reply: unknown;
  /** Sources a web-research answer cites (Perplexity). */
  citations?: string[];
}

/** What every simulated model answers from: one list shared by OpenAI, Anthropic and Perplexity. */
export class ChatScripts {
  readonly scripts: ChatScript[] = [];

  /** The last user message decides first, so a repair request ("your last answer was invalid") can be scripted. */
  find(turns: { role: string; content: unknown }[]): ChatScript | undefined {
    const text = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content));
    const lastUser = text([...turns].reverse().find((t) => t.role === 'user')?.content ?? '');
    const all = turns.map((t) => text(t.content)).join('\n');
    return this.scripts.find((s) => lastUser.includes(s.whenPromptContains)) ?? this.scripts.find((s) => all.includes(s.whenPromptContains));
  }

  static text(script: ChatScript | undefined): string {
    if (script === undefined) return '{}';
    return typeof script.reply === 'string' ? script.reply : JSON.stringify(script.reply);
  }
}

export const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

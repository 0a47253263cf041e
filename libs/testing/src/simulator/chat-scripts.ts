/** A scripted model answer: the first script whose `whenPromptContains` appears in the prompt wins. */
export interface ChatScript {
  whenPromptContains: string;
  /** An object is sent as JSON text; a string is sent as is (to test invalid output). */
  reply: unknown;
  /** Sources a web-research answer cites (Perplexity). */
  citations?: string[];
  /** Answers this many requests, then is passed over (a model invalid twice, then valid). */
  times?: number;
}

/** What every simulated model answers from: one list shared by OpenAI, Anthropic and Perplexity. */
export class ChatScripts {
  readonly scripts: ChatScript[] = [];

  /** The last user message decides first, so a repair request ("your last answer was invalid") can be scripted. */
  find(turns: { role: string; content: unknown }[]): ChatScript | undefined {
    const text = (content: unknown) => (typeof content === 'string' ? content : JSON.stringify(content));
    const lastUser = text([...turns].reverse().find((t) => t.role === 'user')?.content ?? '');
    const all = turns.map((t) => text(t.content)).join('\n');
    const live = this.scripts.filter((s) => s.times === undefined || s.times > 0);
    const script = live.find((s) => lastUser.includes(s.whenPromptContains)) ?? live.find((s) => all.includes(s.whenPromptContains));
    if (script?.times !== undefined) script.times -= 1;
    return script;
  }

  static text(script: ChatScript | undefined): string {
    if (script === undefined) return '{}';
    return typeof script.reply === 'string' ? script.reply : JSON.stringify(script.reply);
  }
}

export const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

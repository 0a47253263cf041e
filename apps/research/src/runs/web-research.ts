import { Inject, Injectable } from '@nestjs/common';
import { NonRetriableError, RateLimiter, RetryAfterError } from '@switchboard/durable';
import { type ResearchAnswer, WebResearchPort } from '@switchboard/providers';
import { ResearchConfig } from '../research.config.js';

/** Waits `ms` unless `signal` aborts first (then rejects with its reason). */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });

/** Citations kept per answer, and their longest URL: a brief with its sources stays well under the broker's max payload. */
export const CITATION_LIMITS = { perAnswer: 8, urlLength: 500 } as const;

/** Perplexity's rules as our users run them: 3 retries 1 s, 2 s, 4 s; a rate limit (429) waits 60 s. */
export const WEB_RESEARCH_RETRY = { retries: 3, delaysMs: [1_000, 2_000, 4_000], rateLimitedWaitMs: 60_000 } as const;

export interface WebFinding extends ResearchAnswer {
  confidence: 'HIGH' | 'MEDIUM' | 'LOW';
}

/**
 * Web research with its flow control: at most PERPLEXITY_RATE_LIMIT requests per window across
 * every replica (a keyed rate limit in PostgreSQL), retries with backoff, and the provider's 429
 * honoured with a 60 s wait. An answer with nothing in it is a finding of LOW confidence, not a failure.
 */
@Injectable()
export class WebResearch {
  constructor(
    private readonly port: WebResearchPort,
    private readonly limiter: RateLimiter,
    private readonly config: ResearchConfig,
    @Inject('RESEARCH_SLEEP') private readonly wait: Sleep,
  ) {}

  async find(question: string, signal: AbortSignal): Promise<WebFinding> {
    for (let attempt = 0; ; attempt++) {
      await this.takeTurn(signal);
      try {
        const raw = await this.port.research(question, signal);
        const citations = [...new Set(raw.citations)].filter((url) => url.length <= CITATION_LIMITS.urlLength && /^https?:\/\//.test(url)).slice(0, CITATION_LIMITS.perAnswer);
        const answer = { answer: raw.answer.slice(0, 8_000), citations };
        const empty = answer.answer.trim().length === 0 || /no (relevant )?(information|data|results) (was |were )?found/i.test(answer.answer);
        return { ...answer, confidence: empty ? 'LOW' : answer.citations.length >= 2 ? 'HIGH' : 'MEDIUM' };
      } catch (error) {
        if (signal.aborted || attempt >= WEB_RESEARCH_RETRY.retries || isPermanent(error)) throw error;
        await this.wait(error instanceof RetryAfterError ? Math.max(WEB_RESEARCH_RETRY.rateLimitedWaitMs, error.retryAfterMs) : WEB_RESEARCH_RETRY.delaysMs[attempt], signal);
      }
    }
  }

  private async takeTurn(signal: AbortSignal): Promise<void> {
    const rate = { limit: this.config.PERPLEXITY_RATE_LIMIT, windowMs: this.config.PERPLEXITY_RATE_WINDOW_MS };
    for (;;) {
      const decision = await this.limiter.tryStart('perplexity', rate);
      if (decision.allowed) return;
      await this.wait(decision.retryAfterMs, signal);
    }
  }
}

const isPermanent = (error: unknown) => error instanceof NonRetriableError;

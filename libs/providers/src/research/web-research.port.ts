export interface ResearchAnswer {
  answer: string;
  /** URLs the answer is based on. */
  citations: string[];
}

/** Web research with sources (Perplexity today). */
export abstract class WebResearchPort {
  abstract research(question: string, signal?: AbortSignal): Promise<ResearchAnswer>;
}

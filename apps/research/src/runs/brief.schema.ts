import type { JsonSchema } from '@switchboard/providers';

const sources = (minItems: number): JsonSchema => ({ type: 'array', minItems, maxItems: 10, items: { type: 'string', maxLength: 500 } });
const confidence: JsonSchema = { type: 'string', enum: ['HIGH', 'MEDIUM', 'LOW'] };
const text = (maxLength: number): JsonSchema => ({ type: 'string', minLength: 1, maxLength });

/**
 * The brief the model must write (checked on return; invalid answers are sent back twice). Every
 * factual line names the URLs it rests on; sections without any research say so with LOW confidence.
 */
export const BRIEF_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'prospects', 'company', 'news', 'talkingPoints', 'questions', 'risks'],
  properties: {
    summary: { type: 'object', required: ['text', 'sources', 'confidence'], properties: { text: text(2_000), sources: sources(0), confidence } },
    prospects: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        required: ['email', 'profile', 'sources', 'confidence'],
        properties: { email: text(254), role: { type: 'string', maxLength: 300 }, profile: text(2_000), sources: sources(0), confidence },
      },
    },
    company: { type: 'object', required: ['overview', 'sources', 'confidence'], properties: { overview: text(2_000), sources: sources(0), confidence } },
    news: {
      type: 'array',
      maxItems: 10,
      items: { type: 'object', required: ['headline', 'sources'], properties: { headline: text(500), sources: sources(1) } },
    },
    talkingPoints: {
      type: 'array',
      maxItems: 10,
      items: { type: 'object', required: ['point', 'painPoint', 'sources'], properties: { point: text(500), painPoint: text(300), sources: sources(1) } },
    },
    questions: { type: 'array', maxItems: 10, items: text(500) },
    risks: {
      type: 'array',
      maxItems: 10,
      items: { type: 'object', required: ['risk', 'sources'], properties: { risk: text(500), sources: sources(1) } },
    },
  },
};

export interface Brief {
  summary: { text: string; sources: string[]; confidence: string };
  prospects: { email: string; role?: string; profile: string; sources: string[]; confidence: string }[];
  company: { overview: string; sources: string[]; confidence: string };
  news: { headline: string; sources: string[] }[];
  talkingPoints: { point: string; painPoint: string; sources: string[] }[];
  questions: string[];
  risks: { risk: string; sources: string[] }[];
}

/**
 * Keeps only citations of URLs the research found (a model may invent one); a section left with
 * none is LOW confidence, and a cited line left with none is dropped.
 */
export function keepKnownSources(brief: Brief, known: Set<string>): Brief {
  const filter = (urls: string[]) => urls.filter((url) => known.has(url));
  const section = <T extends { sources: string[]; confidence: string }>(part: T): T => {
    const kept = filter(part.sources);
    return { ...part, sources: kept, confidence: kept.length === 0 ? 'LOW' : part.confidence };
  };
  const cited = <T extends { sources: string[] }>(lines: T[]) => lines.map((line) => ({ ...line, sources: filter(line.sources) })).filter((line) => line.sources.length > 0);
  return {
    summary: section(brief.summary),
    prospects: brief.prospects.map(section),
    company: section(brief.company),
    news: cited(brief.news),
    talkingPoints: cited(brief.talkingPoints),
    questions: brief.questions,
    risks: cited(brief.risks),
  };
}

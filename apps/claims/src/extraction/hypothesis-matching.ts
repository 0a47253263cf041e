import { distance } from 'fastest-levenshtein';

export interface HypothesisRef {
  hypothesisId: string;
  key: string;
  statement: string;
}

const normalize = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

const similarity = (a: string, b: string) => {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
};

/** How alike a label must be to a key or statement (0..1) for a claim to count as about it. */
const MIN_SIMILARITY = 0.6;

/**
 * The hypothesis a model's label names: its key exactly, else the key or statement it most
 * resembles (models drift: "phone_booking", "Phone booking", or the statement paraphrased).
 * Nothing when no hypothesis is close enough: such a claim is about something else.
 */
export function matchHypothesis<H extends HypothesisRef>(label: string, hypotheses: H[]): H | undefined {
  const exact = hypotheses.find((h) => h.key === label);
  if (exact) return exact;
  const wanted = normalize(label);
  let best: { hypothesis: H; score: number } | undefined;
  for (const hypothesis of hypotheses) {
    const score = Math.max(similarity(wanted, normalize(hypothesis.key)), similarity(wanted, normalize(hypothesis.statement)));
    if (!best || score > best.score) best = { hypothesis, score };
  }
  return best && best.score >= MIN_SIMILARITY ? best.hypothesis : undefined;
}

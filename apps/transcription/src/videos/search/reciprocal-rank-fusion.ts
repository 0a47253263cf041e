/** RRF's damping constant: 60, as in Cormack et al. (2009) and most hybrid search engines. */
export const RRF_K = 60;

/**
 * Fuses rankings (each best first) into one: an item scores the sum of 1 / (k + rank) over the
 * rankings it appears in, so agreeing rankings lift it and no ranking's raw scores need comparing.
 * Ties keep the order of first appearance.
 */
export function reciprocalRankFusion(rankings: string[][], k = RRF_K): { key: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const ranking of rankings) {
    ranking.forEach((key, index) => scores.set(key, (scores.get(key) ?? 0) + 1 / (k + index + 1)));
  }
  return [...scores.entries()].map(([key, score]) => ({ key, score })).sort((a, b) => b.score - a.score);
}

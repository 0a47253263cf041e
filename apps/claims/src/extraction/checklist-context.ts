/** Words too common to say what a passage is about. */
const STOP_WORDS = new Set(
  'a an and are as at be but by do does for from has have how i in is it its of on or so that the their they this to was we what when where which who why will with you your'.split(' '),
);

const terms = (text: string): string[] => (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((t) => t.length > 1 && !STOP_WORDS.has(t));

/**
 * Ranks the campaign's checklist items by how much of the transcript they are about (shared
 * terms, each weighted by how rare it is among the items), so the prompt leads with the questions
 * this call actually covered. Items the call never touched are kept, after the others.
 */
export function rankChecklist(checklist: string[], transcript: string): string[] {
  const spoken = new Set(terms(transcript));
  const itemTerms = checklist.map((item) => new Set(terms(item)));
  const documentFrequency = new Map<string, number>();
  for (const set of itemTerms) for (const term of set) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const score = (set: Set<string>) =>
    [...set].filter((term) => spoken.has(term)).reduce((sum, term) => sum + Math.log(1 + checklist.length / documentFrequency.get(term)!), 0);
  return checklist
    .map((item, i) => ({ item, i, score: score(itemTerms[i]) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ item }) => item);
}

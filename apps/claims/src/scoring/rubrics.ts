/** A rubric is data: criteria the gold model scores, versioned so a job's scores mean what they meant when it ran. */
export interface Rubric {
  id: string;
  version: number;
  criteria: { key: string; description: string; maxScore: number }[];
}

const RUBRICS: Rubric[] = [
  {
    id: 'sales-call',
    version: 1,
    criteria: [
      { key: 'opening', description: 'Greets, introduces self and company, states the purpose of the call', maxScore: 5 },
      { key: 'discovery', description: "Asks open questions to understand the customer's situation and needs", maxScore: 5 },
      { key: 'objection_handling', description: 'Acknowledges objections and answers them with substance', maxScore: 5 },
      { key: 'next_steps', description: 'Agrees concrete next steps with a date or owner', maxScore: 5 },
    ],
  },
  {
    id: 'support-call',
    version: 1,
    criteria: [
      { key: 'empathy', description: "Acknowledges the customer's problem and feelings", maxScore: 5 },
      { key: 'resolution', description: 'Resolves the issue or gives a clear path to resolution', maxScore: 5 },
      { key: 'clarity', description: 'Explains plainly, confirms understanding', maxScore: 5 },
    ],
  },
];

export const DEFAULT_RUBRIC = 'sales-call';

/** The latest version of a rubric by id, or undefined. */
export function latestRubric(id: string): Rubric | undefined {
  return RUBRICS.filter((r) => r.id === id).sort((a, b) => b.version - a.version)[0];
}

/** A rubric as a job recorded it: `<id>@<version>`. */
export function rubricRef(rubric: Rubric): string {
  return `${rubric.id}@${rubric.version}`;
}

export function rubricByRef(ref: string): Rubric | undefined {
  const [id, version] = ref.split('@');
  return RUBRICS.find((r) => r.id === id && r.version === Number(version));
}

export const rubricIds = (): string[] => [...new Set(RUBRICS.map((r) => r.id))];

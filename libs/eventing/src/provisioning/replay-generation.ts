/**
 * A deliberate replay must reprocess events the inbox has already seen, while accidental
 * redeliveries stay deduplicated. `npm run ops -- replay` recreates the durable consumer with the
 * next generation in its description; consumers key their inbox on (consumer, generation).
 */
const PATTERN = /replay-generation=(\d+)/;

export const replayGeneration = (description?: string): number => Number(PATTERN.exec(description ?? '')?.[1] ?? 0);

export const describeGeneration = (generation: number): string => `replay-generation=${generation}`;

/** The inbox's consumer key: generation 0 is the plain durable name, so nothing changes until a replay. */
export const inboxKey = (consumer: string, generation: number): string =>
  generation === 0 ? consumer : `${consumer}#replay-${generation}`;

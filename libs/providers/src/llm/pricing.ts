/** USD per million tokens (input, output). Unknown models cost 0 and are reported as such. */
export const PRICES_PER_MILLION: Record<string, [number, number]> = {
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4o': [2.5, 10],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1': [2, 8],
  'text-embedding-3-small': [0.02, 0],
  'claude-3-5-haiku-latest': [0.8, 4],
  'claude-sonnet-4-5': [3, 15],
  sonar: [1, 1],
};

export function costUsd(model: string, inputTokens: number, outputTokens: number): number {
  const [input, output] = PRICES_PER_MILLION[model] ?? [0, 0];
  return (inputTokens * input + outputTokens * output) / 1_000_000;
}

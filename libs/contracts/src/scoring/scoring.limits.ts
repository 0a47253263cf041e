/**
 * The most one scored call may carry, in characters. A call travels alone as its
 * `claims.scoring-call.queued` event, so at 4 bytes a character the transcript stays far below the
 * NATS max payload (1 MiB by default); metadata fields are short labels.
 */
export const SCORING_LIMITS = {
  transcript: 60_000,
  field: 200,
  fileName: 200,
  /** Rows reported as unusable, kept with their reasons (a sheet with more reports the first ones and a count). */
  reportedSkips: 500,
  reason: 300,
} as const;

/** The models a job may pick for gold (scoring and coaching); silver is the configured small model. */
export const GOLD_MODELS = ['claude-sonnet-4-6', 'claude-opus-4-7'] as const;
export type GoldModel = (typeof GOLD_MODELS)[number];

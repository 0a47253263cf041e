/**
 * What claims answers about scoring jobs (`claims.scoring.job.get|list|create|cancel|retry`) and
 * their calls (`claims.scoring.job.results`): the gateway serves these as they are.
 */
export type ScoringJobViewStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'COMPLETED_WITH_FAILURES' | 'CANCELED' | 'FAILED';

export interface ScoringJobView {
  id: string;
  fileName: string;
  status: ScoringJobViewStatus;
  silverModel: string;
  goldModel: string;
  rubric: string;
  createdAt: string;
  finishedAt: string | null;
  /** Why a FAILED job failed, e.g. `upload incomplete: 120 of 250 rows received`. */
  failure: string | null;
  /** Calls per stage: received from the sheet, waiting for silver or gold, and final ones by outcome. */
  calls: { total: number; received: number; queued: number; triaged: number; skipped: number; scored: number; failed: number; canceled: number };
  cacheHits: { silver: number; gold: number };
  tokens: { input: number; output: number };
  costUsd: number;
  /** Seconds until every call is final at the pace so far; null before the first is, or once the job is over. */
  etaSeconds: number | null;
  skippedRows: { row: number; reason: string }[];
  moreSkippedRows: number;
}

export interface ScoredCallView {
  id: string;
  row: number;
  externalId: string | null;
  agent: string | null;
  date: string | null;
  durationSeconds: number | null;
  status: string;
  verdict: string | null;
  extraction: Record<string, unknown> | null;
  scores: { criterion: string; score: number; maxScore: number; evidence: string }[] | null;
  overall: number | null;
  coaching: string[] | null;
  failure: string | null;
  cached: { silver: boolean | null; gold: boolean | null };
  costUsd: number;
}

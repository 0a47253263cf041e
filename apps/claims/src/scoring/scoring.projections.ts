import {
  type EventEnvelope,
  scoringCallCanceled,
  type ScoringCallFailed,
  scoringCallFailed,
  type ScoringCallQueued,
  scoringCallQueued,
  type ScoringCallScored,
  scoringCallScored,
  type ScoringCallTriaged,
  scoringCallTriaged,
  type ScoringJobCreated,
  scoringJobCanceled,
  scoringJobCreated,
  type ScoringJobFailed,
  scoringJobFailed,
  type ScoringJobFinished,
  scoringJobFinished,
  scoringJobRetried,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `scoring_jobs`. */
export const scoringJobProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const jobId = (event.payload as { jobId: string }).jobId;
      if (event.type === scoringJobCreated.type) {
        const p = event.payload as ScoringJobCreated;
        await tx.query(
          `INSERT INTO ${s}.scoring_jobs (job_id, file_name, status, silver_model, gold_model, rubric, total_calls, skipped_rows, more_skipped, created_at)
           VALUES ($1, $2, 'OPEN', $3, $4, $5, $6, $7, $8, $9)`,
          [p.jobId, p.fileName, p.silverModel, p.goldModel, p.rubric, p.callIds.length, JSON.stringify(p.skippedRows), p.moreSkipped, event.occurredAt],
        );
      } else if (event.type === scoringJobFinished.type) {
        const { outcome } = event.payload as ScoringJobFinished;
        await tx.query(`UPDATE ${s}.scoring_jobs SET status = $2, finished_at = $3 WHERE job_id = $1`, [jobId, outcome, event.occurredAt]);
      } else if (event.type === scoringJobCanceled.type) {
        await tx.query(`UPDATE ${s}.scoring_jobs SET status = 'CANCELED', finished_at = $2 WHERE job_id = $1`, [jobId, event.occurredAt]);
      } else if (event.type === scoringJobFailed.type) {
        const { reason } = event.payload as ScoringJobFailed;
        await tx.query(`UPDATE ${s}.scoring_jobs SET status = 'FAILED', failure = $2, finished_at = $3 WHERE job_id = $1`, [jobId, reason, event.occurredAt]);
      } else if (event.type === scoringJobRetried.type) {
        await tx.query(`UPDATE ${s}.scoring_jobs SET status = 'OPEN', finished_at = NULL WHERE job_id = $1`, [jobId]);
      }
    }
  };
};

/** `scoring_calls`, and the cache: a stage's answer from a model call is kept under its content hash. */
export const scoringCallProjection = (schema: string) => {
  const s = `"${schema}"`;
  const cache = (key: string, stage: string, answer: unknown, at: string, tx: pg.PoolClient) =>
    tx.query(`INSERT INTO ${s}.scoring_cache (cache_key, stage, answer, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (cache_key) DO NOTHING`, [
      key,
      stage,
      JSON.stringify(answer),
      at,
    ]);
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const callId = (event.payload as { callId: string }).callId;
      const at = event.occurredAt;
      if (event.type === scoringCallQueued.type) {
        const p = event.payload as ScoringCallQueued;
        // A requeued call is queued again: the row is reset to what the sheet gave.
        await tx.query(
          `INSERT INTO ${s}.scoring_calls (call_id, job_id, row_number, external_id, agent, call_date, duration_seconds, status, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'QUEUED', $8)
           ON CONFLICT (call_id) DO UPDATE SET status = 'QUEUED', failure = NULL, updated_at = $8`,
          [p.callId, p.jobId, p.row, p.externalId ?? null, p.agent ?? null, p.date ?? null, p.durationSeconds ?? null, at],
        );
      } else if (event.type === scoringCallTriaged.type) {
        const p = event.payload as ScoringCallTriaged;
        await tx.query(
          `UPDATE ${s}.scoring_calls SET status = $2, verdict = $3, extraction = $4, silver_cached = $5, silver_usage = $6, failure = NULL, updated_at = $7
           WHERE call_id = $1`,
          [callId, p.verdict === 'analyse' ? 'TRIAGED' : 'SKIPPED', p.verdict, JSON.stringify(p.extraction), p.cached, JSON.stringify(p.usage), at],
        );
        // Kept as the model answered it, so a cached answer is recorded like a fresh one.
        if (!p.cached) await cache(p.cacheKey, 'silver', { verdict: p.verdict, ...p.extraction }, at, tx);
      } else if (event.type === scoringCallScored.type) {
        const p = event.payload as ScoringCallScored;
        await tx.query(
          `UPDATE ${s}.scoring_calls SET status = 'SCORED', scores = $2, overall = $3, coaching = $4, gold_cached = $5, gold_usage = $6, updated_at = $7
           WHERE call_id = $1`,
          [callId, JSON.stringify(p.scores), p.overall, JSON.stringify(p.coaching), p.cached, JSON.stringify(p.usage), at],
        );
        if (!p.cached) await cache(p.cacheKey, 'gold', { scores: p.scores, overall: p.overall, coaching: p.coaching }, at, tx);
      } else if (event.type === scoringCallFailed.type) {
        const p = event.payload as ScoringCallFailed;
        await tx.query(`UPDATE ${s}.scoring_calls SET status = 'FAILED', failure = $2, updated_at = $3 WHERE call_id = $1`, [callId, `${p.stage}: ${p.reason}`, at]);
      } else if (event.type === scoringCallCanceled.type) {
        await tx.query(`UPDATE ${s}.scoring_calls SET status = 'CANCELED', updated_at = $2 WHERE call_id = $1`, [callId, at]);
      }
    }
  };
};

import {
  type EventEnvelope,
  videoChunked,
  videoEmbedded,
  type VideoEmbedded,
  videoFailed,
  type VideoFailed,
  videoRegistered,
  type VideoRegistered,
  videoRetried,
  videoTranscribed,
  type VideoTranscribed,
  videoTranscriptionStarted,
} from '@switchboard/contracts';
import type pg from 'pg';

/** The `videos` and `video_usage` tables, written with the events that change them. */
export const videoProjection = (schema: string) => {
  const s = `"${schema}"`;
  const setStatus = (tx: pg.PoolClient, event: EventEnvelope, status: string) =>
    tx.query(`UPDATE ${s}.videos SET status = $2, updated_at = $3 WHERE video_id = $1`, [(event.payload as { videoId: string }).videoId, status, event.occurredAt]);
  const addUsage = (tx: pg.PoolClient, creatorId: string, at: string, usage: { minutes?: number; tokens?: number; costUsd: number }) =>
    tx.query(
      `INSERT INTO ${s}.video_usage (creator_id, day, audio_minutes, embedding_tokens, cost_usd) VALUES ($1, ($2::timestamptz AT TIME ZONE 'UTC')::date, $3, $4, $5)
       ON CONFLICT (creator_id, day) DO UPDATE SET audio_minutes = video_usage.audio_minutes + EXCLUDED.audio_minutes,
         embedding_tokens = video_usage.embedding_tokens + EXCLUDED.embedding_tokens, cost_usd = video_usage.cost_usd + EXCLUDED.cost_usd`,
      [creatorId, at, usage.minutes ?? 0, usage.tokens ?? 0, usage.costUsd],
    );

  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      switch (event.type) {
        case videoRegistered.type: {
          const p = event.payload as VideoRegistered;
          await tx.query(
            `INSERT INTO ${s}.videos (video_id, creator_id, title, language, storage_key, bytes, content_type, status, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $8) ON CONFLICT (video_id) DO NOTHING`,
            [p.videoId, p.creatorId, p.title, p.language, p.storageKey, p.bytes, p.contentType, event.occurredAt],
          );
          break;
        }
        case videoTranscriptionStarted.type:
          await setStatus(tx, event, 'TRANSCRIBING');
          break;
        case videoRetried.type:
          await tx.query(`UPDATE ${s}.videos SET status = 'PENDING', failure_step = NULL, failure_reason = NULL, updated_at = $2 WHERE video_id = $1`, [
            (event.payload as { videoId: string }).videoId,
            event.occurredAt,
          ]);
          break;
        case videoTranscribed.type: {
          const p = event.payload as VideoTranscribed;
          await tx.query(`UPDATE ${s}.videos SET status = 'PROCESSING', duration_seconds = $2, words = $3, updated_at = $4 WHERE video_id = $1`, [
            p.videoId,
            p.durationSeconds,
            p.words,
            event.occurredAt,
          ]);
          await addUsage(tx, p.creatorId, event.occurredAt, { minutes: p.durationSeconds / 60, costUsd: p.costUsd });
          break;
        }
        case videoChunked.type:
          await setStatus(tx, event, 'EMBEDDING');
          break;
        case videoEmbedded.type: {
          const p = event.payload as VideoEmbedded;
          // Blue/green: the new generation becomes what search sees, in the same transaction as the older one goes.
          await tx.query(
            `UPDATE ${s}.videos SET status = 'COMPLETED', active_generation = $2, embedding_model = $3, embedding_dimensions = $4,
               chunk_count = (SELECT count(*) FROM ${s}.video_chunks WHERE video_id = $1 AND generation = $2), updated_at = $5 WHERE video_id = $1`,
            [p.videoId, p.generation, p.model, p.dimensions, event.occurredAt],
          );
          await tx.query(`DELETE FROM ${s}.video_chunks WHERE video_id = $1 AND generation <> $2`, [p.videoId, p.generation]);
          await addUsage(tx, p.creatorId, event.occurredAt, { tokens: p.tokens, costUsd: p.costUsd });
          break;
        }
        case videoFailed.type: {
          const p = event.payload as VideoFailed;
          await tx.query(`UPDATE ${s}.videos SET status = 'FAILED', failure_step = $2, failure_reason = $3, updated_at = $4 WHERE video_id = $1`, [
            p.videoId,
            p.step,
            p.reason,
            event.occurredAt,
          ]);
          // What the failed attempt half-wrote goes; an active generation from before stays searchable.
          await tx.query(
            `DELETE FROM ${s}.video_chunks c USING ${s}.videos v WHERE c.video_id = $1 AND v.video_id = $1 AND c.generation IS DISTINCT FROM v.active_generation`,
            [p.videoId],
          );
          break;
        }
      }
    }
  };
};

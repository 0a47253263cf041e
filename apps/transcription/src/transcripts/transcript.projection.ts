import {
  type EventEnvelope,
  recordingDownloaded,
  type RecordingDownloaded,
  transcriptCompleted,
  type TranscriptCompleted,
  transcriptFailed,
  type TranscriptFailed,
} from '@switchboard/contracts';
import type pg from 'pg';

/** The `transcripts` and `utterances` tables, written with the events that change them. */
export const transcriptProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      if (event.type === recordingDownloaded.type) {
        const p = event.payload as RecordingDownloaded;
        await tx.query(
          `INSERT INTO ${s}.transcripts (call_id, campaign_id, status, updated_at) VALUES ($1, $2, 'TRANSCRIBING', $3) ON CONFLICT (call_id) DO NOTHING`,
          [p.callId, p.campaignId, event.occurredAt],
        );
      } else if (event.type === transcriptCompleted.type) {
        const p = event.payload as TranscriptCompleted;
        await tx.query(`UPDATE ${s}.transcripts SET status = 'COMPLETED', text = $2, duration_seconds = $3, updated_at = $4 WHERE call_id = $1`, [
          p.callId,
          p.text,
          p.durationSeconds,
          event.occurredAt,
        ]);
        await tx.query(
          `INSERT INTO ${s}.utterances (call_id, position, speaker, text, start_seconds, end_seconds)
           SELECT $1, u.ord, u.speaker, u.text, u.start_seconds, u.end_seconds
           FROM unnest($2::text[], $3::text[], $4::float8[], $5::float8[]) WITH ORDINALITY AS u(speaker, text, start_seconds, end_seconds, ord)`,
          [p.callId, p.utterances.map((u) => u.speaker), p.utterances.map((u) => u.text), p.utterances.map((u) => u.start), p.utterances.map((u) => u.end)],
        );
        await tx.query(`DELETE FROM ${s}.recordings WHERE call_id = $1`, [p.callId]);
      } else if (event.type === transcriptFailed.type) {
        const p = event.payload as TranscriptFailed;
        await tx.query(
          `INSERT INTO ${s}.transcripts (call_id, campaign_id, status, failure_reason, updated_at) VALUES ($1, $2, 'FAILED', $3, $4)
           ON CONFLICT (call_id) DO UPDATE SET status = 'FAILED', failure_reason = EXCLUDED.failure_reason, updated_at = EXCLUDED.updated_at`,
          [p.callId, p.campaignId, p.reason, event.occurredAt],
        );
      }
    }
  };
};

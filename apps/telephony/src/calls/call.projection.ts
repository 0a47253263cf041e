import {
  callDialed,
  callDialRequested,
  callEnded,
  callProgressed,
  callQueued,
  callRecordingAvailable,
  callRecordingUnavailable,
  type CallDialed,
  type CallDialRequested,
  type CallEnded,
  type CallProgressed,
  type CallQueued,
  type CallRecordingAvailable,
  type CallRecordingUnavailable,
  type EventEnvelope,
} from '@switchboard/contracts';
import type pg from 'pg';

/** The `calls` table: one row per Call, written with the events that change it. */
export const callProjection = (schema: string) => {
  const table = `"${schema}".calls`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const at = event.occurredAt;
      switch (event.type) {
        case callQueued.type: {
          const p = event.payload as CallQueued;
          await tx.query(
            `INSERT INTO ${table} (call_id, campaign_id, phone, contact_name, status, queued_at, updated_at)
             VALUES ($1, $2, $3, $4, 'QUEUED', $5, $5) ON CONFLICT (call_id) DO NOTHING`,
            [p.callId, p.campaignId, p.phone, p.contactName ?? null, at],
          );
          break;
        }
        case callDialRequested.type: {
          const p = event.payload as CallDialRequested;
          await tx.query(`UPDATE ${table} SET status = 'DIALING', updated_at = $2 WHERE call_id = $1`, [p.callId, at]);
          break;
        }
        case callDialed.type: {
          const p = event.payload as CallDialed;
          await tx.query(`UPDATE ${table} SET provider_sid = $2, updated_at = $3 WHERE call_id = $1`, [p.callId, p.providerSid, at]);
          break;
        }
        case callProgressed.type: {
          const p = event.payload as CallProgressed;
          await tx.query(`UPDATE ${table} SET status = $2, updated_at = $3 WHERE call_id = $1`, [p.callId, p.status, at]);
          break;
        }
        case callEnded.type: {
          const p = event.payload as CallEnded;
          await tx.query(
            `UPDATE ${table} SET status = $2, duration_seconds = $3, failure_reason = $4, updated_at = $5 WHERE call_id = $1`,
            [p.callId, p.status, p.durationSeconds ?? null, p.reason ?? null, at],
          );
          break;
        }
        case callRecordingAvailable.type: {
          const p = event.payload as CallRecordingAvailable;
          await tx.query(`UPDATE ${table} SET recording_url = $2, updated_at = $3 WHERE call_id = $1`, [p.callId, p.recordingUrl, at]);
          break;
        }
        case callRecordingUnavailable.type: {
          const p = event.payload as CallRecordingUnavailable;
          await tx.query(`UPDATE ${table} SET failure_reason = $2, updated_at = $3 WHERE call_id = $1`, [p.callId, `recording: ${p.reason}`, at]);
          break;
        }
      }
    }
  };
};

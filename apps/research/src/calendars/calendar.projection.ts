import {
  type CalendarConnected,
  calendarConnected,
  calendarConnectionBroken,
  type CalendarSynced,
  calendarSynced,
  type CalendarWatchExpired,
  calendarWatchExpired,
  type CalendarWatchStarted,
  calendarWatchStarted,
  type EventEnvelope,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `calendar_connections` and the state of `watch_subscriptions` (whose rows the watch intent inserts with its token's key id and digest). */
export const calendarProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const p = event.payload as { connectionId: string };
      switch (event.type) {
        case calendarConnected.type: {
          const c = event.payload as CalendarConnected;
          await tx.query(
            `INSERT INTO ${s}.calendar_connections (connection_id, campaign_id, calendar_id, owner_email, status, created_at) VALUES ($1, $2, $3, $4, 'CONNECTED', $5)`,
            [c.connectionId, c.campaignId, c.calendarId, c.ownerEmail, event.occurredAt],
          );
          break;
        }
        case calendarWatchStarted.type: {
          const w = event.payload as CalendarWatchStarted;
          // The channel it replaces stays valid until Google stops it: pushes on either are taken.
          await tx.query(`UPDATE ${s}.watch_subscriptions SET status = 'ACTIVE', resource_id = $2, expires_at = $3 WHERE channel_id = $1`, [
            w.channelId,
            w.resourceId,
            w.expiresAt,
          ]);
          await tx.query(`UPDATE ${s}.calendar_connections SET status = 'CONNECTED', status_reason = NULL WHERE connection_id = $1`, [w.connectionId]);
          break;
        }
        case calendarWatchExpired.type: {
          const w = event.payload as CalendarWatchExpired;
          await tx.query(`UPDATE ${s}.watch_subscriptions SET status = 'EXPIRED' WHERE connection_id = $1 AND status IN ('PENDING', 'ACTIVE')`, [w.connectionId]);
          await tx.query(`UPDATE ${s}.calendar_connections SET status = 'EXPIRED', status_reason = $2 WHERE connection_id = $1`, [w.connectionId, w.reason]);
          break;
        }
        case calendarSynced.type: {
          const sync = event.payload as CalendarSynced;
          await tx.query(
            `UPDATE ${s}.calendar_connections SET sync_token = $2, syncs = syncs + 1, full_resyncs = full_resyncs + $3::int, last_synced_at = $4 WHERE connection_id = $1`,
            [sync.connectionId, sync.syncToken, sync.fullResync ? 1 : 0, event.occurredAt],
          );
          break;
        }
        case calendarConnectionBroken.type:
          await tx.query(`UPDATE ${s}.calendar_connections SET status = 'BROKEN', status_reason = $2 WHERE connection_id = $1`, [
            p.connectionId,
            (event.payload as { reason: string }).reason,
          ]);
          await tx.query(`UPDATE ${s}.watch_subscriptions SET status = 'STOPPED' WHERE connection_id = $1 AND status IN ('PENDING', 'ACTIVE')`, [p.connectionId]);
          break;
      }
    }
  };
};

import {
  type EventEnvelope,
  type NotificationChannelFailed,
  notificationChannelFailed,
  notificationCancelled,
  notificationFailed,
  type NotificationFailed,
  type NotificationRequested,
  notificationRequested,
  type NotificationSendRequested,
  notificationSendRequested,
  type NotificationSent,
  notificationSent,
  type NotificationStatusChanged,
  notificationStatusChanged,
} from '@switchboard/contracts';
import type pg from 'pg';

/** `notifications` (one row each, its current status) and `notification_sends` (one row per channel tried). */
export const notificationProjection = (schema: string) => {
  const s = `"${schema}"`;
  const setStatus = (tx: pg.PoolClient, id: string, at: string, fields: Record<string, unknown>) => {
    const names = Object.keys(fields);
    return tx.query(`UPDATE ${s}.notifications SET ${names.map((n, i) => `${n} = $${i + 3}`).join(', ')}, updated_at = $2 WHERE notification_id = $1`, [
      id,
      at,
      ...Object.values(fields),
    ]);
  };
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const at = event.occurredAt;
      if (event.type === notificationRequested.type) {
        const { request } = event.payload as NotificationRequested;
        await tx.query(
          `INSERT INTO ${s}.notifications (notification_id, recipient_kind, recipient_id, about_kind, about_id, urgent, channels, status, correlation_id, requested_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'PENDING', $8, $9, $9)`,
          [request.notificationId, request.recipient.kind, request.recipient.id, request.about.kind, request.about.id, request.urgent ?? false, JSON.stringify(request.channels), request.correlationId, at],
        );
      } else if (event.type === notificationSendRequested.type) {
        const p = event.payload as NotificationSendRequested;
        await tx.query(
          `INSERT INTO ${s}.notification_sends (notification_id, attempt, channel, status, requested_at, updated_at) VALUES ($1, $2, $3, 'PENDING', $4, $4)`,
          [p.notificationId, p.attempt, p.channel, at],
        );
        await setStatus(tx, p.notificationId, at, { status: 'PENDING', channel: p.channel, provider_id: null });
      } else if (event.type === notificationSent.type) {
        const p = event.payload as NotificationSent;
        await tx.query(
          `UPDATE ${s}.notification_sends SET status = 'SENT', provider_id = $2, updated_at = $3
           WHERE notification_id = $1 AND attempt = (SELECT max(attempt) FROM ${s}.notification_sends WHERE notification_id = $1)`,
          [p.notificationId, p.providerId, at],
        );
        await setStatus(tx, p.notificationId, at, { status: 'SENT', provider_id: p.providerId });
      } else if (event.type === notificationStatusChanged.type) {
        const p = event.payload as NotificationStatusChanged;
        await tx.query(
          `UPDATE ${s}.notification_sends SET status = $2, reason = $3, updated_at = $4
           WHERE notification_id = $1 AND attempt = (SELECT max(attempt) FROM ${s}.notification_sends WHERE notification_id = $1)`,
          [p.notificationId, p.status, p.errorCode ?? null, at],
        );
        await setStatus(tx, p.notificationId, at, { status: p.status });
      } else if (event.type === notificationChannelFailed.type) {
        const p = event.payload as NotificationChannelFailed;
        await tx.query(
          `UPDATE ${s}.notification_sends SET status = CASE WHEN status IN ('PENDING', 'SENT') THEN 'FAILED' ELSE status END, reason = $2, updated_at = $3
           WHERE notification_id = $1 AND attempt = (SELECT max(attempt) FROM ${s}.notification_sends WHERE notification_id = $1)`,
          [p.notificationId, p.reason, at],
        );
        await setStatus(tx, p.notificationId, at, { reason: p.reason });
      } else if (event.type === notificationFailed.type) {
        const p = event.payload as NotificationFailed;
        await setStatus(tx, p.notificationId, at, { status: 'FAILED', reason: p.reason });
      } else if (event.type === notificationCancelled.type) {
        await setStatus(tx, (event.payload as { notificationId: string }).notificationId, at, { status: 'CANCELLED' });
      }
    }
  };
};

import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface NotificationLogQuery {
  patientId?: string;
  nurseId?: string;
  taskId?: string;
  /** Any subject: `{ aboutKind: 'meeting', aboutId }`. */
  aboutKind?: string;
  aboutId?: string;
  limit?: number;
}

/** The NotificationLog: what we sent whom, about what, when, on which channels, and what became of it. */
@Controller()
export class NotificationLogQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('telephony.notifications.list')
  async list(@Payload() query: NotificationLogQuery): Promise<unknown[]> {
    const s = `"${this.schema}"`;
    const [where, params] = query.patientId
      ? [`recipient_kind = 'patient' AND recipient_id = $1`, [query.patientId]]
      : query.nurseId
        ? [`recipient_kind = 'nurse' AND recipient_id = $1`, [query.nurseId]]
        : query.taskId
          ? [`about_kind = 'task' AND about_id = $1`, [query.taskId]]
          : query.aboutKind && query.aboutId
            ? [`about_kind = $1 AND about_id = $2`, [query.aboutKind, query.aboutId]]
            : ['true', []];
    const { rows } = await this.pool.query(
      `SELECT n.notification_id AS id, n.recipient_kind AS "recipientKind", n.recipient_id AS "recipientId", n.about_kind AS "aboutKind",
         n.about_id AS "aboutId", n.urgent, n.channel, n.status, n.provider_id AS "providerId", n.reason, n.requested_at AS "requestedAt",
         n.updated_at AS "updatedAt",
         (SELECT coalesce(jsonb_agg(jsonb_build_object('attempt', a.attempt, 'channel', a.channel, 'status', a.status, 'providerId', a.provider_id,
            'reason', a.reason, 'requestedAt', a.requested_at, 'updatedAt', a.updated_at) ORDER BY a.attempt), '[]'::jsonb)
          FROM ${s}.notification_sends a WHERE a.notification_id = n.notification_id) AS sends
       FROM ${s}.notifications n WHERE ${where} ORDER BY n.requested_at DESC LIMIT ${Math.min(Math.max(Number(query.limit) || 200, 1), 1_000)}`,
      params,
    );
    return rows;
  }
}

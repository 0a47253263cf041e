import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface CallView {
  id: string;
  campaignId: string;
  phone: string;
  contactName: string | null;
  status: string;
  providerSid: string | null;
  durationSeconds: number | null;
  failureReason: string | null;
  recordingUrl: string | null;
  queuedAt: string;
  updatedAt: string;
}

const COLUMNS = `call_id AS "id", campaign_id AS "campaignId", phone, contact_name AS "contactName", status,
  provider_sid AS "providerSid", duration_seconds AS "durationSeconds",
  failure_reason AS "failureReason", recording_url AS "recordingUrl", queued_at AS "queuedAt", updated_at AS "updatedAt"`;

/** What the gateway asks telephony about calls: answered from the `calls` read model. */
@Controller()
export class CallsQueries {
  private readonly table: string;

  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
  ) {
    this.table = `"${schema}".calls`;
  }

  @OnCommand('telephony.call.get')
  async get(@Payload() query: { callId: string }): Promise<CallView> {
    const { rows } = await this.pool.query<CallView>(`SELECT ${COLUMNS} FROM ${this.table} WHERE call_id = $1`, [query.callId]);
    if (!rows[0]) throw CommandError.notFound(`call ${query.callId}`);
    return rows[0];
  }

  @OnCommand('telephony.calls.list')
  async list(@Payload() query: { campaignId: string }): Promise<CallView[]> {
    const { rows } = await this.pool.query<CallView>(`SELECT ${COLUMNS} FROM ${this.table} WHERE campaign_id = $1 ORDER BY queued_at, call_id`, [
      query.campaignId,
    ]);
    return rows;
  }

  @OnCommand('telephony.calls.count-by-status')
  async countByStatus(@Payload() query: { campaignId: string }): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM ${this.table} WHERE campaign_id = $1 GROUP BY status`,
      [query.campaignId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }
}

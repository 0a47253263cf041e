import { Inject, Injectable } from '@nestjs/common';
import { calendarSyncDue, newEventId } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { Calendars, calendarStream } from '../research.aggregates.js';

/** Pushes of one calendar coalesce: one sync once they stop for this long, and at least one per max wait. */
export const SYNC_DEBOUNCE = { quietMs: 2_000, maxWaitMs: 30_000 };

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Watch channels: asked for with a secret token kept in `watch_subscriptions` (its row is
 * committed before Google hears of the channel, so its first push finds it), and pushes verified
 * against them in constant time.
 */
@Injectable()
export class WatchChannels {
  constructor(
    private readonly calendars: Calendars,
    private readonly timers: DurableTimers,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async request(connectionId: string, tx: pg.PoolClient, cause: { id?: string; correlationId: string }): Promise<string> {
    const channelId = newEventId();
    // The append first: a transaction's first write orders it for the outbox relay (ADR 0003).
    await this.calendars.execute(connectionId, { type: 'request-watch', channelId }, { tx, cause });
    await tx.query(
      `INSERT INTO "${this.schema}".watch_subscriptions (channel_id, connection_id, channel_token, status, created_at) VALUES ($1, $2, $3, 'PENDING', now())`,
      [channelId, connectionId, randomBytes(32).toString('base64url')],
    );
    return channelId;
  }

  async token(channelId: string, tx: pg.PoolClient): Promise<string> {
    const { rows } = await tx.query<{ token: string }>(`SELECT channel_token AS token FROM "${this.schema}".watch_subscriptions WHERE channel_id = $1`, [channelId]);
    return rows[0].token;
  }

  /** The connection a push belongs to, or why it is ignored. Compares digests, so timing says nothing of the token. */
  async verify(
    channelId: string,
    token: string | undefined,
    tx: pg.PoolClient,
  ): Promise<{ connectionId: string; campaignId: string } | { ignored: 'unknown-channel' | 'wrong-token' }> {
    const { rows } = await tx.query<{ connectionId: string; campaignId: string; token: string }>(
      `SELECT w.connection_id AS "connectionId", c.campaign_id AS "campaignId", w.channel_token AS token
       FROM "${this.schema}".watch_subscriptions w JOIN "${this.schema}".calendar_connections c ON c.connection_id = w.connection_id
       WHERE w.channel_id = $1 AND w.status IN ('PENDING', 'ACTIVE')`,
      [channelId],
    );
    if (!rows[0]) return { ignored: 'unknown-channel' };
    if (!timingSafeEqual(digest(rows[0].token), digest(token ?? ''))) return { ignored: 'wrong-token' };
    return { connectionId: rows[0].connectionId, campaignId: rows[0].campaignId };
  }

  /** Debounced per calendar: a burst of pushes (or a connect) leads to one sync. */
  scheduleSync(connectionId: string, tx: pg.PoolClient, correlationId: string): Promise<void> {
    return this.timers.debounce(
      { key: `calendar-sync-${connectionId}`, streamId: calendarStream(connectionId), event: calendarSyncDue.create({ connectionId }), correlationId },
      SYNC_DEBOUNCE,
      tx,
    );
  }
}

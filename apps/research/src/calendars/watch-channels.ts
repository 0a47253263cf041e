import { Inject, Injectable } from '@nestjs/common';
import { calendarSyncDue, newEventId } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { SecretVault, SERVICE_SCHEMA } from '@switchboard/platform';
import { createHash, timingSafeEqual } from 'node:crypto';
import type pg from 'pg';
import { Calendars, calendarStream } from '../research.aggregates.js';

/** Pushes of one calendar coalesce: one sync once they stop for this long, and at least one per max wait. */
export const SYNC_DEBOUNCE = { quietMs: 2_000, maxWaitMs: 30_000 };

const digest = (text: string) => createHash('sha256').update(text).digest();
const TOKEN_PURPOSE = 'watch-channel-token';

/**
 * Watch channels. A channel's token is derived from its id (HMAC under TOKEN_ENCRYPTION_KEYS'
 * current key, SecretVault.derive), so it is made again whenever Google must be sent it and never
 * stored: `watch_subscriptions` keeps the key's id and the token's sha256, which pushes are checked
 * against in constant time (no key needed for that, so a key may be retired while its channels
 * live). The row is committed before Google hears of the channel, so its first push finds it.
 */
@Injectable()
export class WatchChannels {
  constructor(
    private readonly calendars: Calendars,
    private readonly timers: DurableTimers,
    private readonly vault: SecretVault,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async request(connectionId: string, tx: pg.PoolClient, cause: { id?: string; correlationId: string }): Promise<string> {
    const channelId = newEventId();
    // The append first: a transaction's first write orders it for the outbox relay (ADR 0003).
    await this.calendars.execute(connectionId, { type: 'request-watch', channelId }, { tx, cause });
    const { keyId, value: token } = this.vault.derive(TOKEN_PURPOSE, channelId);
    await tx.query(
      `INSERT INTO "${this.schema}".watch_subscriptions (channel_id, connection_id, token_key_id, token_digest, status, created_at) VALUES ($1, $2, $3, $4, 'PENDING', now())`,
      [channelId, connectionId, keyId, digest(token).toString('hex')],
    );
    return channelId;
  }

  /**
   * The token to send Google with the channel; undefined for a channel asked for before tokens
   * were derived (migration 1765000000000 kept only its digest), which must be replaced (`replace`).
   */
  async token(channelId: string, tx: pg.PoolClient): Promise<string | undefined> {
    const { rows } = await tx.query<{ keyId: string | null }>(`SELECT token_key_id AS "keyId" FROM "${this.schema}".watch_subscriptions WHERE channel_id = $1`, [channelId]);
    return rows[0]?.keyId ? this.vault.derive(TOKEN_PURPOSE, channelId, rows[0].keyId).value : undefined;
  }

  /** A new channel for the connection in place of `channelId`, which is stopped (it was never opened). */
  async replace(channelId: string, connectionId: string, tx: pg.PoolClient, cause: { id?: string; correlationId: string }): Promise<string> {
    const replacement = await this.request(connectionId, tx, cause);
    await tx.query(`UPDATE "${this.schema}".watch_subscriptions SET status = 'STOPPED' WHERE channel_id = $1`, [channelId]);
    return replacement;
  }

  /** The connection a push belongs to, or why it is ignored. Compares digests, so timing says nothing of the token. */
  async verify(
    channelId: string,
    token: string | undefined,
    tx: pg.PoolClient,
  ): Promise<{ connectionId: string; campaignId: string } | { ignored: 'unknown-channel' | 'wrong-token' }> {
    const { rows } = await tx.query<{ connectionId: string; campaignId: string; tokenDigest: string }>(
      `SELECT w.connection_id AS "connectionId", c.campaign_id AS "campaignId", w.token_digest AS "tokenDigest"
       FROM "${this.schema}".watch_subscriptions w JOIN "${this.schema}".calendar_connections c ON c.connection_id = w.connection_id
       WHERE w.channel_id = $1 AND w.status IN ('PENDING', 'ACTIVE')`,
      [channelId],
    );
    if (!rows[0]) return { ignored: 'unknown-channel' };
    if (!timingSafeEqual(Buffer.from(rows[0].tokenDigest, 'hex'), digest(token ?? ''))) return { ignored: 'wrong-token' };
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

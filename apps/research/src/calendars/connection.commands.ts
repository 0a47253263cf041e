import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { calendarPushReceived, newEventId, PUSH_STATES } from '@switchboard/contracts';
import { EventStore, withTransaction } from '@switchboard/event-store';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SecretVault, SERVICE_SCHEMA } from '@switchboard/platform';
import { GoogleOAuth } from '@switchboard/providers';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { asCommandError } from '../research-rule-violation.js';
import { Calendars } from '../research.aggregates.js';
import { WatchChannels } from './watch-channels.js';

/** An authorization started must come back within this long. */
const STATE_TTL_MS = 10 * 60_000;

export interface ConnectionView {
  id: string;
  campaignId: string;
  calendarId: string;
  status: string;
  statusReason: string | null;
  syncs: number;
  fullResyncs: number;
  lastSyncedAt: string | null;
  watch: { channelId: string; status: string; expiresAt: string | null } | null;
}

export interface PushNotice {
  channelId: string;
  channelToken?: string;
  resourceState: string;
  messageNumber?: number;
}

/** Connecting a calendar (OAuth), listing connections, and taking Google's pushes (the gateway forwards them). */
@Controller()
export class ConnectionCommands {
  constructor(
    private readonly oauth: GoogleOAuth,
    private readonly vault: SecretVault,
    private readonly calendars: Calendars,
    private readonly channels: WatchChannels,
    private readonly store: EventStore,
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('research.oauth.start')
  async start(@Payload() command: { campaignId: string; calendarId: string }): Promise<{ authorizationUrl: string }> {
    const s = `"${this.schema}"`;
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${s}.prep_campaigns WHERE campaign_id = $1`, [command.campaignId]);
    if (!rowCount) throw CommandError.notFound(`prep campaign ${command.campaignId}`);
    // The state ties the callback to this request (CSRF) and to the campaign it connects for.
    const state = randomBytes(24).toString('base64url');
    await this.pool.query(`INSERT INTO ${s}.oauth_states (state, campaign_id, calendar_id, expires_at) VALUES ($1, $2, $3, $4)`, [
      state,
      command.campaignId,
      command.calendarId,
      new Date(Date.now() + STATE_TTL_MS),
    ]);
    return { authorizationUrl: await this.oauth.authorizationUrl(state) };
  }

  @OnCommand('research.oauth.complete')
  async complete(@Payload() command: { code: string; state: string }): Promise<ConnectionView> {
    const s = `"${this.schema}"`;
    const { rows } = await this.pool.query<{ campaignId: string; calendarId: string; ownerEmail: string }>(
      `DELETE FROM ${s}.oauth_states o USING ${s}.prep_campaigns c WHERE o.state = $1 AND o.expires_at > now() AND c.campaign_id = o.campaign_id
       RETURNING o.campaign_id AS "campaignId", o.calendar_id AS "calendarId", c.owner_email AS "ownerEmail"`,
      [command.state],
    );
    if (!rows[0]) throw new CommandError('INVALID', 'state is unknown, used or expired: start the connection again', [{ field: 'state', messages: ['unknown or expired'] }]);
    const { campaignId, calendarId, ownerEmail } = rows[0];
    const { refreshToken } = await this.oauth.exchange(command.code).catch((error) => {
      throw new CommandError('INVALID', `Google refused the authorization: ${(error as Error).message}`, [{ field: 'code', messages: ['refused by Google'] }]);
    });
    const connectionId = newEventId();
    const { keyId, sealed } = this.vault.seal(refreshToken);
    await withTransaction(this.pool, async (tx) => {
      const cause = { correlationId: campaignId };
      await this.calendars.execute(connectionId, { type: 'connect', connectionId, campaignId, calendarId, ownerEmail }, { tx, cause }).catch((e) => Promise.reject(asCommandError(e)));
      await tx.query(`INSERT INTO ${s}.connection_secrets (connection_id, key_id, refresh_token_sealed) VALUES ($1, $2, $3)`, [connectionId, keyId, sealed]);
      await this.channels.request(connectionId, tx, cause);
      // The first (full) sync; pushes take it from there.
      await this.channels.scheduleSync(connectionId, tx, campaignId);
    });
    return this.get({ connectionId });
  }

  @OnCommand('research.connections.get')
  async get(@Payload() query: { connectionId: string }): Promise<ConnectionView> {
    const [view] = await this.list({ connectionId: query.connectionId });
    if (!view) throw CommandError.notFound(`connection ${query.connectionId}`);
    return view;
  }

  @OnCommand('research.connections.list')
  async list(@Payload() query: { campaignId?: string; connectionId?: string }): Promise<ConnectionView[]> {
    const s = `"${this.schema}"`;
    const { rows } = await this.pool.query<ConnectionView>(
      `SELECT c.connection_id AS id, c.campaign_id AS "campaignId", c.calendar_id AS "calendarId", c.status, c.status_reason AS "statusReason",
         c.syncs, c.full_resyncs AS "fullResyncs", c.last_synced_at AS "lastSyncedAt",
         (SELECT json_build_object('channelId', w.channel_id, 'status', w.status, 'expiresAt', w.expires_at) FROM ${s}.watch_subscriptions w
           WHERE w.connection_id = c.connection_id ORDER BY w.created_at DESC LIMIT 1) AS watch
       FROM ${s}.calendar_connections c WHERE ($1::text IS NULL OR c.campaign_id = $1) AND ($2::text IS NULL OR c.connection_id = $2)
       ORDER BY c.created_at LIMIT 500`,
      [query.campaignId ?? null, query.connectionId ?? null],
    );
    return rows;
  }

  /**
   * A push from Google, as the gateway received it. Ignored (and said so) unless its channel id
   * and token match a live subscription; else kept as an event and a sync debounced, together.
   */
  @OnCommand('research.calendar.push')
  async push(@Payload() notice: PushNotice): Promise<{ accepted: boolean; ignored?: string }> {
    return withTransaction(this.pool, async (tx) => {
      const verdict = await this.channels.verify(notice.channelId, notice.channelToken, tx);
      if ('ignored' in verdict) return { accepted: false, ignored: verdict.ignored };
      const { connectionId, campaignId } = verdict;
      const resourceState = (PUSH_STATES as readonly string[]).includes(notice.resourceState) ? (notice.resourceState as (typeof PUSH_STATES)[number]) : 'exists';
      await this.store.append(
        `calendar-push-${newEventId()}`,
        [calendarPushReceived.create({ connectionId, channelId: notice.channelId, resourceState, messageNumber: notice.messageNumber })],
        { expectedVersion: 'no_stream', tx, correlationId: campaignId },
      );
      await this.channels.scheduleSync(connectionId, tx, campaignId);
      return { accepted: true };
    });
  }
}

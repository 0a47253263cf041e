import { Inject, Injectable } from '@nestjs/common';
import { NonRetriableError } from '@switchboard/durable';
import { SecretVault, SERVICE_SCHEMA } from '@switchboard/platform';
import { type GoogleCalendar, GoogleOAuth } from '@switchboard/providers';
import type pg from 'pg';
import { CalendarClients } from '../providers/research-providers.js';
import { Calendars } from '../research.aggregates.js';

/** An access token is refreshed this long before it expires: a sync or watch started on it finishes in time. */
export const ACCESS_TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * A connection's Calendar API client with a valid access token. Access tokens are kept in this
 * process until shortly before they expire (an hour at Google): a sync does not ask Google's token
 * endpoint each time. They are not stored: a restarted replica refreshes once, and no second
 * secret needs sealing. A refresh Google refuses (revoked, invalid grant) breaks the connection in
 * `tx` and answers undefined: the owner is told from the event. A refresh token sealed with a key
 * that is no longer the current one is resealed in the same transaction, so old keys can be retired.
 */
@Injectable()
export class CalendarAccess {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    private readonly oauth: GoogleOAuth,
    private readonly vault: SecretVault,
    private readonly clients: CalendarClients,
    private readonly calendars: Calendars,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async client(connectionId: string, tx: pg.PoolClient, cause: { id: string; correlationId: string }): Promise<GoogleCalendar | undefined> {
    const kept = this.tokens.get(connectionId);
    const token = kept && kept.expiresAt - ACCESS_TOKEN_MARGIN_MS > Date.now() ? kept.token : await this.refresh(connectionId, tx, cause);
    // Google refusing the token (a revoked grant) drops it: the retry refreshes, and finds out.
    return token === undefined ? undefined : this.clients.forToken(token, () => this.tokens.delete(connectionId));
  }

  private async refresh(connectionId: string, tx: pg.PoolClient, cause: { id: string; correlationId: string }): Promise<string | undefined> {
    const table = `"${this.schema}".connection_secrets`;
    const { rows } = await tx.query<{ sealed: string }>(`SELECT refresh_token_sealed AS sealed FROM ${table} WHERE connection_id = $1`, [connectionId]);
    if (!rows[0]) throw new NonRetriableError(`connection ${connectionId} has no refresh token`);
    const refreshToken = this.vault.open(rows[0].sealed);
    if (this.vault.needsResealing(rows[0].sealed)) {
      const { keyId, sealed } = this.vault.seal(refreshToken);
      await tx.query(`UPDATE ${table} SET key_id = $2, refresh_token_sealed = $3 WHERE connection_id = $1`, [connectionId, keyId, sealed]);
    }
    try {
      const { token, expiresAt } = await this.oauth.accessToken(refreshToken);
      this.tokens.set(connectionId, { token, expiresAt: expiresAt.getTime() });
      return token;
    } catch (error) {
      if (!(error instanceof NonRetriableError)) throw error;
      this.tokens.delete(connectionId);
      await this.calendars.execute(connectionId, { type: 'break', reason: error.message }, { tx, cause });
      return undefined;
    }
  }
}

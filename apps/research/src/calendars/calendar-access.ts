import { Inject, Injectable } from '@nestjs/common';
import { NonRetriableError } from '@switchboard/durable';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type GoogleCalendar, GoogleOAuth } from '@switchboard/providers';
import type pg from 'pg';
import { CalendarClients } from '../providers/research-providers.js';
import { Calendars } from '../research.aggregates.js';
import { TokenVault } from './token-vault.js';

/**
 * A connection's Calendar API client with a fresh access token. A refresh Google refuses (revoked,
 * invalid grant) breaks the connection in `tx` and answers undefined: the owner is told from the event.
 */
@Injectable()
export class CalendarAccess {
  constructor(
    private readonly oauth: GoogleOAuth,
    private readonly vault: TokenVault,
    private readonly clients: CalendarClients,
    private readonly calendars: Calendars,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  async client(connectionId: string, tx: pg.PoolClient, cause: { id: string; correlationId: string }): Promise<GoogleCalendar | undefined> {
    const { rows } = await tx.query<{ sealed: string }>(
      `SELECT refresh_token_sealed AS sealed FROM "${this.schema}".connection_secrets WHERE connection_id = $1`,
      [connectionId],
    );
    if (!rows[0]) throw new NonRetriableError(`connection ${connectionId} has no refresh token`);
    try {
      return this.clients.forToken(await this.oauth.accessToken(this.vault.open(rows[0].sealed)));
    } catch (error) {
      if (!(error instanceof NonRetriableError)) throw error;
      await this.calendars.execute(connectionId, { type: 'break', reason: error.message }, { tx, cause });
      return undefined;
    }
  }
}

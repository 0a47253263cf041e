import type { OAuth2Client } from 'google-auth-library';
import { NonRetriableError } from '@switchboard/durable';
import { onFirstUse } from '../sdk/on-first-use.js';

export interface GoogleOAuthOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The simulator's URL; Google's own endpoints when absent. */
  baseUrl?: string;
}

export const CALENDAR_READONLY_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';

/** Google OAuth 2.0 (authorization code with offline access, refresh) on google-auth-library. */
export class GoogleOAuth {
  private readonly client: () => Promise<OAuth2Client>;
  private readonly newClient: () => Promise<OAuth2Client>;

  constructor(options: GoogleOAuthOptions) {
    // One client per refresh: a client holds the credentials of one user.
    this.newClient = async () => {
      const { OAuth2Client } = await import('google-auth-library');
      const base = options.baseUrl?.replace(/\/$/, '');
      return new OAuth2Client({
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        redirectUri: options.redirectUri,
        ...(base && { endpoints: { oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`, oauth2TokenUrl: `${base}/oauth2/token` } }),
      });
    };
    this.client = onFirstUse(this.newClient);
  }

  async authorizationUrl(state: string): Promise<string> {
    // `prompt: consent` makes Google hand out a refresh token even to a user who connected before.
    return (await this.client()).generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: [CALENDAR_READONLY_SCOPE], state });
  }

  /** The callback's code for tokens; without a refresh token the connection could not outlive the hour. */
  async exchange(code: string): Promise<{ refreshToken: string; accessToken: string }> {
    try {
      const { tokens } = await (await this.client()).getToken(code);
      if (!tokens.refresh_token || !tokens.access_token) throw new NonRetriableError('Google granted no refresh token (offline access refused)');
      return { refreshToken: tokens.refresh_token, accessToken: tokens.access_token };
    } catch (error) {
      throw mapOAuthError(error, 'exchanging the authorization code');
    }
  }

  /**
   * A fresh access token and when it expires; a revoked or invalid grant is a NonRetriableError
   * (the connection is broken).
   */
  async accessToken(refreshToken: string): Promise<{ token: string; expiresAt: Date }> {
    try {
      const client = await this.newClient();
      client.setCredentials({ refresh_token: refreshToken });
      const { token } = await client.getAccessToken();
      if (!token) throw new NonRetriableError('Google answered the refresh without an access token');
      // Google's tokens last an hour; one without an expiry is taken as such.
      return { token, expiresAt: new Date(client.credentials.expiry_date ?? Date.now() + 3_600_000) };
    } catch (error) {
      throw mapOAuthError(error, 'refreshing the access token');
    }
  }
}

function mapOAuthError(error: unknown, what: string): Error {
  if (error instanceof NonRetriableError) return error;
  const response = (error as { response?: { status?: number; data?: { error?: string } } }).response;
  // invalid_grant: revoked, expired or already used. Never echo the request: it carries the token.
  if (response?.status && response.status >= 400 && response.status < 500) {
    return new NonRetriableError(`${what}: Google ${response.status} ${response.data?.error ?? ''}`.trim());
  }
  return new Error(`${what}: ${(error as Error).message}`);
}

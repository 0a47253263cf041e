import { IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { DevelopmentDefault, IsPortNumber, IsVaultKeyList, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';
import { SIMULATOR_KEYS } from './providers/simulator-keys.js';

const HttpUrl = () => Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' });

export class ResearchConfig extends ServiceConfig {
  @IsPortNumber()
  RESEARCH_PORT: number = SERVICE_PORTS.research;

  /** Where Google reaches the gateway: watch channels push to PUBLIC_URL/webhooks/google/calendar. */
  @IsOptional() @HttpUrl() PUBLIC_URL?: string;

  @IsOptional() @IsString() GOOGLE_CLIENT_ID?: string;
  @IsOptional() @IsString() GOOGLE_CLIENT_SECRET?: string;

  /**
   * Keys that seal refresh tokens at rest (AES-256-GCM) and derive watch channels' tokens (HMAC);
   * the first is current, every one opens (rotation). The default suits only development.
   */
  @IsVaultKeyList()
  @DevelopmentDefault()
  TOKEN_ENCRYPTION_KEYS = 'dev:c3dpdGNoYm9hcmQtZGV2LW9ubHktdG9rZW4ta2V5ISE=';

  @IsString() BRIEF_MODEL = 'claude-sonnet-5-5';
  @IsOptional() @IsString() PERPLEXITY_API_KEY?: string;

  /** Web-research requests per window across all replicas (a bulk backfill raises it). */
  @IsInt() @Min(1) PERPLEXITY_RATE_LIMIT: number = 10;
  @IsInt() @Min(1) PERPLEXITY_RATE_WINDOW_MS: number = 60_000;
  /** Research runs at once per replica. */
  @IsInt() @Min(1) RESEARCH_CONCURRENCY: number = 4;

  get port(): number {
    return this.RESEARCH_PORT;
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://127.0.0.1:${SERVICE_PORTS.gateway}`).replace(/\/$/, '');
  }

  get googleOAuth() {
    const real = this.GOOGLE_CLIENT_ID !== undefined;
    return {
      clientId: this.GOOGLE_CLIENT_ID ?? SIMULATOR_KEYS.googleClientId,
      clientSecret: this.GOOGLE_CLIENT_SECRET ?? SIMULATOR_KEYS.googleClientSecret,
      redirectUri: `${this.publicUrl}/oauth/google/callback`,
      baseUrl: real ? undefined : this.simulatorUrl,
    };
  }

  /** Calendar API base: the simulator's unless a real OAuth client is configured. */
  get calendarBaseUrl(): string | undefined {
    return this.GOOGLE_CLIENT_ID ? undefined : this.simulatorUrl;
  }

  get perplexity() {
    if (this.PERPLEXITY_API_KEY) return { apiKey: this.PERPLEXITY_API_KEY };
    return { apiKey: SIMULATOR_KEYS.perplexity, baseUrl: `${this.simulatorUrl}/perplexity` };
  }
}

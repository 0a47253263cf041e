import { IsPortNumber, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

export class TelephonyConfig extends ServiceConfig {
  @IsPortNumber()
  TELEPHONY_PORT: number = SERVICE_PORTS.telephony;

  /** Dials per window per campaign (read where the dialer declares its rate limit). */
  @IsInt() @Min(1) DIAL_RATE_LIMIT: number = 10;
  @IsInt() @Min(1) DIAL_RATE_WINDOW_MS: number = 60_000;

  /** A live call with no final callback after this long is asked about at the provider. */
  @IsInt() @Min(1_000) CALL_RECONCILE_AFTER_MS: number = 30 * 60_000;

  /**
   * An answered call's recording not here this long after the call ended is looked for at the
   * provider (Twilio's are ready within minutes); one that will not come fails the call's outcome.
   */
  @IsInt() @Min(1_000) CALL_RECORDING_DEADLINE_MS: number = 15 * 60_000;

  /** The gateway as the provider reaches it: status and recording callbacks go there. */
  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' }) PUBLIC_URL?: string;
  @IsPortNumber() GATEWAY_PORT: number = SERVICE_PORTS.gateway;

  get port(): number {
    return this.TELEPHONY_PORT;
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://127.0.0.1:${this.GATEWAY_PORT}`).replace(/\/$/, '');
  }
}

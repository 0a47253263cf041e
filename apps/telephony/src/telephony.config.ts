import { DEVELOPMENT_PUSH_ENCRYPTION_KEYS, DevelopmentDefault, IsPortNumber, IsVaultKeyList, SERVICE_PORTS, ServiceConfig } from '@switchboard/platform';
import { IsEmail, IsInt, IsOptional, Matches, Min } from 'class-validator';

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

  /** A sent SMS, WhatsApp message or voice notification with no final status this long is looked up at the provider. */
  @IsInt() @Min(1_000) NOTIFICATION_RECONCILE_AFTER_MS: number = 10 * 60_000;

  /** Where notifications by email are sent (smtp:// or smtps://, credentials in the URL); unset: the simulator's SMTP server. */
  @IsOptional() @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' }) SMTP_URL?: string;
  @IsPortNumber() SIMULATOR_SMTP_PORT: number = 2525;
  @IsEmail() EMAIL_FROM = 'care@switchboard.local';

  /**
   * VAPID keys of Web Push notifications (`npx web-push generate-vapid-keys`); unset, a pair is made
   * at start-up, which suits only the simulator's push service (real subscriptions are bound to one key).
   */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{80,100}$/, { message: 'must be a base64url VAPID public key' }) VAPID_PUBLIC_KEY?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{40,50}$/, { message: 'must be a base64url VAPID private key' }) VAPID_PRIVATE_KEY?: string;
  @Matches(/^(mailto:|https:\/\/)\S+$/, { message: 'must be a mailto: or https: URL' }) VAPID_SUBJECT = 'mailto:care@switchboard.local';

  /** Keys that open Web Push subscriptions' keys (the gateway seals them with the same list) just to send. The default suits only development. */
  @IsVaultKeyList() @DevelopmentDefault() PUSH_ENCRYPTION_KEYS = DEVELOPMENT_PUSH_ENCRYPTION_KEYS;

  get port(): number {
    return this.TELEPHONY_PORT;
  }

  get smtpUrl(): string {
    return this.SMTP_URL ?? `smtp://127.0.0.1:${this.SIMULATOR_SMTP_PORT}`;
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://127.0.0.1:${this.GATEWAY_PORT}`).replace(/\/$/, '');
  }
}

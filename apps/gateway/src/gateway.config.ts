import {
  commaList,
  DEVELOPMENT_PUSH_ENCRYPTION_KEYS,
  DevelopmentDefault,
  IsKeyList,
  IsPortNumber,
  IsVaultKeyList,
  type KeyGrant,
  SERVICE_PORTS,
  ServiceConfig,
  type ServiceName,
} from '@switchboard/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

const HttpUrl = () => Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' });

/**
 * Each service behind the gateway is found at its `<NAME>_URL`, or else on this host at its
 * `<NAME>_PORT`: the same variables `npm start` uses, so changing a port needs one setting.
 */
export class GatewayConfig extends ServiceConfig {
  @IsPortNumber() GATEWAY_PORT: number = SERVICE_PORTS.gateway;

  @IsPortNumber() TELEPHONY_PORT: number = SERVICE_PORTS.telephony;
  @IsPortNumber() TRANSCRIPTION_PORT: number = SERVICE_PORTS.transcription;
  @IsPortNumber() CLAIMS_PORT: number = SERVICE_PORTS.claims;
  @IsPortNumber() TASKS_PORT: number = SERVICE_PORTS.tasks;
  @IsPortNumber() RESEARCH_PORT: number = SERVICE_PORTS.research;

  @IsOptional() @HttpUrl() TELEPHONY_URL?: string;
  @IsOptional() @HttpUrl() TRANSCRIPTION_URL?: string;
  @IsOptional() @HttpUrl() CLAIMS_URL?: string;
  @IsOptional() @HttpUrl() TASKS_URL?: string;
  @IsOptional() @HttpUrl() RESEARCH_URL?: string;

  /** The gateway's URL as providers see it: signatures are computed over it. */
  @IsOptional() @HttpUrl() PUBLIC_URL?: string;

  /** Comma-separated keys a client sends as `Authorization: Bearer <key>`; the default suits only development. */
  @IsKeyList()
  @DevelopmentDefault()
  API_KEYS = 'sk-switchboard-dev';

  /** Keys that may only read: every GET of /v1 and of the console, no write and no operator action (403). */
  @IsOptional() @IsKeyList() READ_API_KEYS?: string;

  /**
   * Keys that seal nurses' Web Push subscription keys as they arrive (AES-256-GCM), before anything
   * keeps them; telephony opens them with the same list to send. The default suits only development.
   */
  @IsVaultKeyList() @DevelopmentDefault() PUSH_ENCRYPTION_KEYS = DEVELOPMENT_PUSH_ENCRYPTION_KEYS;

  /** The largest JSON or form body accepted; larger ones are refused with 413 before they are read. */
  @Type(() => Number) @IsInt() @Min(1) MAX_BODY_BYTES = 1_048_576;

  /** How long a request's body may take to arrive; past it the request is answered 408 and its connection closed. */
  @Type(() => Number) @IsInt() @Min(100) REQUEST_TIMEOUT_MS = 30_000;

  /** Jaeger's UI, where the ops console links a run's trace (`<JAEGER_URL>/trace/<id>`). */
  @HttpUrl() JAEGER_URL = 'http://127.0.0.1:16686';

  get jaegerUrl(): string {
    return this.JAEGER_URL.replace(/\/$/, '');
  }

  /** The largest call-scoring sheet accepted (413 above it), and the most calls one may hold (422 above it). */
  @Type(() => Number) @IsInt() @Min(1) SCORING_MAX_FILE_BYTES = 20 * 1_048_576;
  @Type(() => Number) @IsInt() @Min(1) SCORING_MAX_ROWS = 2_000;

  /** The largest video upload (multipart, streamed to storage); larger is 413 and nothing is stored. */
  @Type(() => Number) @IsInt() @Min(1) VIDEO_MAX_UPLOAD_BYTES = 2 * 1024 ** 3;

  /** How long a video upload's body may take to arrive (uploads are long; other bodies have REQUEST_TIMEOUT_MS). */
  @Type(() => Number) @IsInt() @Min(1_000) VIDEO_UPLOAD_TIMEOUT_MS = 30 * 60_000;

  /**
   * Requests one API key may make per API_RATE_WINDOW_MS, counted across replicas; past it, 429 with
   * Retry-After. 0 turns the limit off. The default lets a key poll and launch steadily (20 a second
   * on average) while keeping any one key to a small share of a gateway's capacity (docs/benchmarks.md).
   */
  @Type(() => Number) @IsInt() @Min(0) API_RATE_LIMIT = 1_200;
  @Type(() => Number) @IsInt() @Min(1_000) API_RATE_WINDOW_MS = 60_000;

  /**
   * Overload: with MAX_IN_FLIGHT requests being handled, or the event loop late by more than
   * MAX_EVENT_LOOP_DELAY_MS, new API requests are answered 503 with Retry-After before any work;
   * provider webhooks only at twice MAX_IN_FLIGHT. 0 turns a signal off.
   */
  @Type(() => Number) @IsInt() @Min(0) MAX_IN_FLIGHT = 256;
  @Type(() => Number) @IsInt() @Min(0) MAX_EVENT_LOOP_DELAY_MS = 500;

  get port(): number {
    return this.GATEWAY_PORT;
  }

  get publicUrl(): string {
    return (this.PUBLIC_URL ?? `http://127.0.0.1:${this.GATEWAY_PORT}`).replace(/\/$/, '');
  }

  get apiKeys(): string[] {
    return commaList(this.API_KEYS);
  }

  override get keyGrants(): KeyGrant[] {
    return [
      { setting: 'READ_API_KEYS', keys: commaList(this.READ_API_KEYS), roles: ['reader'] },
      { setting: 'API_KEYS', keys: this.apiKeys, roles: ['reader', 'writer'] },
      ...super.keyGrants,
    ];
  }

  /** Where the gateway finds each service it fronts. */
  get services(): Partial<Record<ServiceName, string>> {
    const local = (port: number) => `http://127.0.0.1:${port}`;
    return {
      telephony: this.TELEPHONY_URL ?? local(this.TELEPHONY_PORT),
      transcription: this.TRANSCRIPTION_URL ?? local(this.TRANSCRIPTION_PORT),
      claims: this.CLAIMS_URL ?? local(this.CLAIMS_PORT),
      tasks: this.TASKS_URL ?? local(this.TASKS_PORT),
      research: this.RESEARCH_URL ?? local(this.RESEARCH_PORT),
    };
  }
}

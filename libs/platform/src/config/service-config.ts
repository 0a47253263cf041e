import { IsIn, IsInt, IsOptional, IsString, Matches, Min } from 'class-validator';
import { commaList, type KeyGrant } from '../access/keyring.js';
import { IsKeyList } from './key-list.decorator.js';
import { DevelopmentDefault } from './development-default.decorator.js';
import { ProviderSettings } from './provider-settings.js';

/**
 * Settings every service reads. A service's own config class extends this one and adds its
 * port and anything else it needs; defaults make a fresh clone run with no environment at all.
 */
export abstract class ServiceConfig extends ProviderSettings {
  @Matches(/^nats:\/\/[^\s]+$/, { message: 'must be a nats:// URL, e.g. nats://127.0.0.1:4222' })
  NATS_URL = 'nats://127.0.0.1:4222';

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/switchboard',
  })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/switchboard';

  /** Prefixes streams, consumers and schemas, so test runs and environments never collide. */
  @Matches(/^([a-z][a-z0-9_]{0,30})?$/, {
    message: 'must be empty or lower-case letters, digits and _ (starting with a letter), at most 31 chars',
  })
  SWITCHBOARD_NAMESPACE = '';

  @IsString()
  HOST = '0.0.0.0';

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL = 'log';

  /** `auto`: human-readable in a terminal, JSON lines otherwise. */
  @IsIn(['auto', 'json', 'pretty'])
  LOG_FORMAT = 'auto';

  /**
   * Connections of the handlers' pool. Unset: the concurrency the service's handlers declare plus
   * headroom, capped (the relay and the timers have small pools of their own beside it).
   */
  @IsOptional() @IsInt() @Min(1) DATABASE_POOL_MAX?: number;

  /**
   * Days an inbox record is kept: it dedupes an event arriving again (redeliveries take minutes,
   * JetStream's duplicate window is 2 min), so this only bounds how old a republish may be.
   */
  @IsInt() @Min(1) INBOX_RETENTION_DAYS: number = 7;

  /** Hours rate-limit starts, expired leases and stale retry notes are kept; above the longest rate window. */
  @IsInt() @Min(1) DURABLE_RETENTION_HOURS: number = 24;

  /**
   * Keys (comma-separated) that open /ops and /metrics, sent as `Authorization: Bearer <key>`; the
   * default suits only development. A Prometheus scrape job sends one as its bearer token.
   */
  @IsKeyList() @DevelopmentDefault() OPS_KEYS = 'sk-switchboard-ops-dev';

  /**
   * Keys (comma-separated) that hold every role: what API_KEYS and OPS_KEYS may do, with one key.
   * Unset by default: a deployment that wants one names it.
   */
  @IsOptional() @IsKeyList() ADMIN_KEYS?: string;

  /**
   * Origins (comma-separated, e.g. `https://app.example.com`) whose pages may call this service
   * from a browser (CORS). Unset: none may, and no CORS header is ever sent.
   */
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s,/]+(\s*,\s*https?:\/\/[^\s,/]+)*\s*$/, {
    message: 'must be comma-separated origins (scheme://host[:port], no path), e.g. https://app.example.com',
  })
  CORS_ORIGINS?: string;

  abstract readonly port: number;

  get corsOrigins(): string[] {
    return commaList(this.CORS_ORIGINS);
  }

  get opsKeys(): string[] {
    return commaList(this.OPS_KEYS);
  }

  /** Every key this service admits and what each may do (RoleGuard); the gateway adds its API keys. */
  get keyGrants(): KeyGrant[] {
    return [
      { setting: 'OPS_KEYS', keys: this.opsKeys, roles: ['reader', 'operator'] },
      { setting: 'ADMIN_KEYS', keys: commaList(this.ADMIN_KEYS), roles: ['reader', 'writer', 'operator'] },
    ];
  }
}

import { IsIn, IsString, Matches } from 'class-validator';
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

  abstract readonly port: number;
}

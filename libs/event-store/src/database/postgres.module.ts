import { type DynamicModule, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';

const logger = new Logger('Postgres');

export interface PostgresOptions {
  url: string;
  /** Shows in pg_stat_activity, so an operator can tell the services' connections apart. */
  applicationName: string;
  max?: number;
}

/**
 * One pg pool per service. pg connects lazily, so a service boots while Postgres is down and
 * reports it on /health instead of crashing.
 */
@Module({})
export class PostgresModule implements OnApplicationShutdown {
  constructor(@Inject(pg.Pool) private readonly pool: pg.Pool) {}

  static forRoot(options: PostgresOptions): DynamicModule {
    return {
      module: PostgresModule,
      global: true,
      providers: [
        {
          provide: pg.Pool,
          useFactory: () => {
            const pool = new pg.Pool({
              connectionString: options.url,
              application_name: options.applicationName,
              max: options.max ?? 10,
              connectionTimeoutMillis: 3_000,
            });
            // An idle client dies when Postgres restarts; the pool replaces it, so log, don't crash.
            pool.on('error', (error) => logger.warn(`idle Postgres client failed: ${error.message}`));
            return pool;
          },
        },
      ],
      exports: [pg.Pool],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

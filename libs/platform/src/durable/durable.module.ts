import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventRegistry } from '@switchboard/contracts';
import { DurableTimers, KeySemaphore, RateLimiter, Retention } from '@switchboard/durable';
import { EventStore } from '@switchboard/event-store';
import pg from 'pg';
import { ServiceConfig } from '../config/service-config.js';
import { serviceRetention } from './service-retention.js';

/** The pool of the service's background work (timers, retention): handlers never keep it waiting. */
const BACKGROUND_POOL = 'SWITCHBOARD_BACKGROUND_POOL';
const logger = new Logger('DurableModule');

/**
 * The durable primitives a service's handlers inject: timers (their firing loop runs for the
 * life of the service), the keyed rate limiter and the keyed semaphore; and the retention job
 * that keeps the inbox and these tables from growing for ever. The firing loop and retention run
 * on a small pool of their own, so a burst of handlers holding the service's pool cannot delay them.
 */
@Module({})
export class DurableModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(Retention) private readonly retention: Retention,
    @Inject(BACKGROUND_POOL) private readonly backgroundPool: pg.Pool,
  ) {}

  static forService(schema: string, options: { service: string; databaseUrl: string; backgroundPoolMax?: number }): DynamicModule {
    return {
      module: DurableModule,
      global: true,
      providers: [
        {
          provide: BACKGROUND_POOL,
          useFactory: () => {
            const pool = new pg.Pool({
              connectionString: options.databaseUrl,
              application_name: `${options.service}-background`,
              max: options.backgroundPoolMax ?? 2,
              connectionTimeoutMillis: 3_000,
            });
            pool.on('error', (error) => logger.warn(`idle background Postgres client failed: ${error.message}`));
            return pool;
          },
        },
        {
          provide: DurableTimers,
          inject: [BACKGROUND_POOL, EventRegistry],
          useFactory: (pool: pg.Pool, registry: EventRegistry) =>
            new DurableTimers(pool, new EventStore(pool, schema, registry, options.service), schema),
        },
        { provide: RateLimiter, inject: [pg.Pool], useFactory: (pool: pg.Pool) => new RateLimiter(pool, schema) },
        { provide: KeySemaphore, inject: [pg.Pool], useFactory: (pool: pg.Pool) => new KeySemaphore(pool, schema) },
        {
          provide: Retention,
          inject: [BACKGROUND_POOL, ServiceConfig],
          useFactory: (pool: pg.Pool, config: ServiceConfig) => serviceRetention(pool, schema, config),
        },
      ],
      exports: [DurableTimers, RateLimiter, KeySemaphore],
    };
  }

  onApplicationBootstrap(): void {
    this.timers.start();
    this.retention.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.timers.stop(), this.retention.stop()]);
    await this.backgroundPool.end();
  }
}

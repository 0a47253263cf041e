import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DurableTimers, KeySemaphore, RateLimiter, Retention } from '@switchboard/durable';
import { EventStore } from '@switchboard/event-store';
import pg from 'pg';
import { ServiceConfig } from '../config/service-config.js';
import { serviceRetention } from './service-retention.js';

/**
 * The durable primitives a service's handlers inject: timers (their firing loop runs for the
 * life of the service), the keyed rate limiter and the keyed semaphore; and the retention job
 * that keeps the inbox and these tables from growing for ever.
 */
@Module({})
export class DurableModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(DurableTimers) private readonly timers: DurableTimers,
    @Inject(Retention) private readonly retention: Retention,
  ) {}

  static forService(schema: string): DynamicModule {
    return {
      module: DurableModule,
      global: true,
      providers: [
        {
          provide: DurableTimers,
          inject: [pg.Pool, EventStore],
          useFactory: (pool: pg.Pool, store: EventStore) => new DurableTimers(pool, store, schema),
        },
        { provide: RateLimiter, inject: [pg.Pool], useFactory: (pool: pg.Pool) => new RateLimiter(pool, schema) },
        { provide: KeySemaphore, inject: [pg.Pool], useFactory: (pool: pg.Pool) => new KeySemaphore(pool, schema) },
        {
          provide: Retention,
          inject: [pg.Pool, ServiceConfig],
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
  }
}

import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DurableTimers, KeySemaphore, RateLimiter } from '@switchboard/durable';
import { EventStore } from '@switchboard/event-store';
import pg from 'pg';

/**
 * The durable primitives a service's handlers inject: timers (their firing loop runs for the
 * life of the service), the keyed rate limiter and the keyed semaphore.
 */
@Module({})
export class DurableModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(DurableTimers) private readonly timers: DurableTimers) {}

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
      ],
      exports: [DurableTimers, RateLimiter, KeySemaphore],
    };
  }

  onApplicationBootstrap(): void {
    this.timers.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { EventRegistry } from '@switchboard/contracts';
import { CheckpointStore, EventStore } from '@switchboard/event-store';
import pg from 'pg';
import { CommandBus } from '../commands/command-bus.js';
import { NatsClient } from '../connection/nats-client.js';
import { Inbox } from '../inbox/inbox.js';
import { EventingRuntime, type EventingOptions } from './eventing-runtime.js';

/**
 * A service's event plumbing: its event store (in its own schema), inbox, command bus, outbox
 * relay and JetStream transport. Needs NatsModule and PostgresModule (global) beside it.
 */
@Module({})
export class EventingModule {
  static forService(options: EventingOptions): DynamicModule {
    return {
      module: EventingModule,
      global: true,
      providers: [
        { provide: EventRegistry, useValue: options.registry },
        {
          provide: EventStore,
          inject: [pg.Pool],
          useFactory: (pool: pg.Pool) => new EventStore(pool, options.schema, options.registry, options.service),
        },
        {
          provide: CheckpointStore,
          inject: [pg.Pool],
          useFactory: (pool: pg.Pool) => new CheckpointStore(pool, options.schema),
        },
        { provide: Inbox, inject: [pg.Pool], useFactory: (pool: pg.Pool) => new Inbox(pool, options.schema) },
        {
          provide: CommandBus,
          inject: [NatsClient],
          useFactory: (nats: NatsClient) => new CommandBus(nats, options.namespace),
        },
        {
          provide: EventingRuntime,
          inject: [NatsClient, Inbox, pg.Pool],
          useFactory: (nats: NatsClient, inbox: Inbox, pool: pg.Pool) => new EventingRuntime(nats, inbox, pool, options),
        },
      ],
      exports: [EventRegistry, EventStore, CheckpointStore, CommandBus, EventingRuntime],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { NatsClient, type NatsClientOptions } from './nats-client.js';

@Module({})
export class NatsModule {
  static forRoot(options: NatsClientOptions): DynamicModule {
    return {
      module: NatsModule,
      global: true,
      providers: [{ provide: NatsClient, useFactory: () => new NatsClient(options) }],
      exports: [NatsClient],
    };
  }
}

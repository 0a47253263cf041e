import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceConfig } from './service-config.js';

/** Makes the loaded config injectable by its own class and by the base ServiceConfig. */
@Module({})
export class ConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        { provide: config.constructor, useValue: config },
        { provide: ServiceConfig, useValue: config },
      ],
      exports: [config.constructor, ServiceConfig],
    };
  }
}

import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceConfig } from './service-config.js';

/** Injection token of the service's Postgres schema (`<namespace>_<service>`), where its read models live. */
export const SERVICE_SCHEMA = 'SWITCHBOARD_SERVICE_SCHEMA';

/** Makes the loaded config injectable by its own class and by the base ServiceConfig, and the schema by SERVICE_SCHEMA. */
@Module({})
export class ConfigModule {
  static forRoot(config: ServiceConfig, schema: string): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [
        { provide: config.constructor, useValue: config },
        { provide: ServiceConfig, useValue: config },
        { provide: SERVICE_SCHEMA, useValue: schema },
      ],
      exports: [config.constructor, ServiceConfig, SERVICE_SCHEMA],
    };
  }
}

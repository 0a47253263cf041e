import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DependenciesHealth } from './dependencies.health.js';
import { HealthChecks } from './health-checks.js';
import { HealthController } from './health.controller.js';

@Module({})
export class HealthModule {
  static forRoot(extra?: Type<HealthChecks>): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
      controllers: [HealthController],
      providers: [DependenciesHealth, ...(extra ? [{ provide: HealthChecks, useClass: extra }] : [])],
    };
  }
}

import { Controller, Get, Optional } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { DependenciesHealth } from './dependencies.health.js';
import { HealthChecks } from './health-checks.js';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dependencies: DependenciesHealth,
    @Optional() private readonly extra?: HealthChecks,
  ) {}

  /** 200 when every dependency answers and eventing runs; 503 naming each one that does not. */
  @Get()
  // Not in any API document (the gateway's leaves /health out); documenting it would make terminus
  // load @nestjs/swagger (~530 ES modules with es-toolkit) in every service.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  check() {
    return this.health.check([
      this.dependencies.checkNats,
      this.dependencies.checkPostgres,
      this.dependencies.checkEventing,
      ...(this.extra?.checks() ?? []),
    ]);
  }
}

import type { HealthIndicatorFunction } from '@nestjs/terminus';

/** Extra checks a service adds to its /health (the gateway checks the other services). */
export abstract class HealthChecks {
  abstract checks(): HealthIndicatorFunction[];
}

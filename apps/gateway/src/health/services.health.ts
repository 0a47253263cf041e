import { Injectable } from '@nestjs/common';
import { type HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { HealthChecks } from '@switchboard/platform';
import { GatewayConfig } from '../gateway.config.js';

const CHECK_TIMEOUT_MS = 2_000;

/** The gateway is healthy only when every service behind it is. */
@Injectable()
export class ServicesHealth extends HealthChecks {
  constructor(
    private readonly config: GatewayConfig,
    private readonly indicators: HealthIndicatorService,
  ) {
    super();
  }

  checks(): HealthIndicatorFunction[] {
    return Object.entries(this.config.services).map(([name, url]) => () => this.check(name, url));
  }

  private check(name: string, url: string) {
    return this.indicators
      .check(name)
      .attempt(async ({ signal }) => {
        const response = await fetch(new URL('/health', url), { signal });
        if (!response.ok) {
          const body = (await response.json().catch(() => ({}))) as { error?: object };
          throw new Error(`${url}/health answered ${response.status}: ${JSON.stringify(body.error ?? {})}`);
        }
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}

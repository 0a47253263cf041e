import type { ServiceDefinition } from '@switchboard/platform';
import { GatewayConfig } from './gateway.config.js';
import { GatewayModule } from './gateway.module.js';
import { ServicesHealth } from './health/services.health.js';
import { configureHttp } from './http/configure-http.js';

export const gatewayApp: ServiceDefinition<GatewayConfig> = {
  name: 'gateway',
  config: GatewayConfig,
  module: GatewayModule,
  healthChecks: ServicesHealth,
  configure: configureHttp,
};

export { createServiceApp, runService, type ServiceDefinition } from './bootstrap/service-app.js';
export { SERVICE_SCHEMA } from './config/config.module.js';
export { ConfigError, loadConfig } from './config/load-config.js';
export { IsPortNumber } from './config/port.decorator.js';
export { ServiceConfig } from './config/service-config.js';
export { HealthChecks } from './health/health-checks.js';
export { portVariable, SERVICE_NAMES, SERVICE_PORTS, type ServiceName } from './services.js';

import { type INestApplication, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { eventRegistry, type EventRegistry } from '@switchboard/contracts';
import { PostgresModule, schemaName } from '@switchboard/event-store';
import { EventingModule, NatsModule, startEventing } from '@switchboard/eventing';
import { LoggingModule } from '@switchboard/telemetry';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ConfigModule } from '../config/config.module.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { ServiceConfig } from '../config/service-config.js';
import type { HealthChecks } from '../health/health-checks.js';
import { DurableModule } from '../durable/durable.module.js';
import { HealthModule } from '../health/health.module.js';
import { secureHttp } from '../http/secure-http.js';
import { MetricsController } from '../metrics/metrics.controller.js';
import { OpsController } from '../ops/ops.controller.js';
import { ProvidersModule } from '../providers/providers.module.js';
import type { ServiceName } from '../services.js';
import { declaredConcurrency, handlerPoolSize } from './pool-size.js';

export interface ServiceDefinition<C extends ServiceConfig = ServiceConfig> {
  name: ServiceName;
  config: new () => C;
  /** The service's own feature modules, gathered in one root module. */
  module: Type<unknown>;
  /** Checks added to /health beside NATS and Postgres. */
  healthChecks?: Type<HealthChecks>;
  /** The events it can decode; all of libs/contracts unless a test narrows it. */
  registry?: EventRegistry;
  /**
   * Adjusts the HTTP application (body limits, API docs) once it is built and before it serves.
   * A method, not a function property, so a definition still widens to ServiceDefinition<ServiceConfig>.
   */
  configure?(app: INestApplication, config: C): void | Promise<void>;
}

/** Builds (without listening) the Nest application of one service: used by main.ts and tests. */
export async function createServiceApp<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  env: Record<string, string | undefined> = process.env,
  options: { logDestination?: DestinationStream } = {},
): Promise<{ app: INestApplication; config: C }> {
  const config = loadConfig(definition.config, env);
  const schema = schemaName(config.SWITCHBOARD_NAMESPACE, definition.name);
  // Handlers hold a connection each while they run: size for what they declare (capped), so they
  // wait for the pool in the consumer, not mid-transaction for one another.
  const poolMax = handlerPoolSize(declaredConcurrency(definition.module), config.DATABASE_POOL_MAX);

  @Module({
    imports: [
      LoggingModule.forService({
        service: definition.name,
        level: config.LOG_LEVEL,
        destination: options.logDestination,
        pretty: config.LOG_FORMAT === 'auto' ? undefined : config.LOG_FORMAT === 'pretty',
      }),
      ConfigModule.forRoot(config, schema),
      NatsModule.forRoot({ url: config.NATS_URL, name: definition.name }),
      PostgresModule.forRoot({ url: config.DATABASE_URL, applicationName: definition.name, max: poolMax }),
      EventingModule.forService({
        service: definition.name,
        domain: definition.name,
        namespace: config.SWITCHBOARD_NAMESPACE,
        schema,
        databaseUrl: config.DATABASE_URL,
        registry: definition.registry ?? eventRegistry,
      }),
      DurableModule.forService(schema, { service: definition.name, databaseUrl: config.DATABASE_URL }),
      ProvidersModule.forRoot(),
      HealthModule.forRoot(definition.healthChecks),
      definition.module,
    ],
    controllers: [OpsController, MetricsController],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create(ServiceRootModule, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  secureHttp(app, config);
  await definition.configure?.(app, config);
  await startEventing(app);
  return { app, config };
}

/** Entry point of every service's main.ts: a bad configuration ends the process with its reasons. */
export async function runService<C extends ServiceConfig>(definition: ServiceDefinition<C>): Promise<void> {
  try {
    const { app, config } = await createServiceApp(definition);
    await app.listen(config.port, config.HOST);
    app.get(Logger).log(`${definition.name} listening on http://${config.HOST}:${config.port}`);
  } catch (error) {
    console.error(error instanceof ConfigError ? `${definition.name}: ${error.message}` : error);
    process.exit(1);
  }
}

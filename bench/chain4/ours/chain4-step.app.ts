import { Module } from '@nestjs/common';
import { EventingRuntime } from '@switchboard/eventing';
import { createServiceApp, ServiceConfig, type ServiceName } from '@switchboard/platform';
import { chain4StepHandler } from './chain4-step.handler.js';
import { chain4Registry, STEP_SERVICES } from './chain4.events.js';

/** A step service serves no HTTP: the bench starts it and talks to it only through events. */
class Chain4StepConfig extends ServiceConfig {
  get port(): number {
    return 0;
  }
}

/** One step as its own service process, hosted by createServiceApp as every service is. */
export async function runOursStep(step: number): Promise<void> {
  const concurrency = Number(process.env.CHAIN4_CONCURRENCY) || undefined;
  // CHAIN4_BATCH=0 measures the steps handled one transaction each, as before #18's batches.
  const batch = process.env.CHAIN4_BATCH !== '0';

  @Module({ controllers: [chain4StepHandler(step, concurrency, batch)] })
  class Chain4StepModule {}

  const { app } = await createServiceApp({
    // Not one of the six: createServiceApp only uses the name for its schema, stream and logs.
    name: STEP_SERVICES[step - 1] as unknown as ServiceName,
    config: Chain4StepConfig,
    module: Chain4StepModule,
    registry: chain4Registry(),
  });
  await app.init();
  await app.get(EventingRuntime).ready;
  console.log('ready');
}

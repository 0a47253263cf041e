import type { INestApplication } from '@nestjs/common';
import { EventingRuntime } from './eventing-runtime.js';

/**
 * Binds the app's @OnEvent/@OnCommand handlers to JetStream and starts it. With `wait`, resolves
 * once streams, relay and consumers are ready (tests and tools); a service does not wait, so it
 * boots while NATS is down.
 */
export async function startEventing(app: INestApplication, options: { wait?: boolean } = {}): Promise<EventingRuntime> {
  const runtime = app.get(EventingRuntime);
  app.connectMicroservice({ strategy: runtime.transport });
  await app.startAllMicroservices();
  if (options.wait) {
    await app.init();
    await runtime.ready;
  }
  return runtime;
}

import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@switchboard/contracts';
import { PostgresModule } from '@switchboard/event-store';
import { EventingModule, NatsModule, OnEvent, startEventing } from '@switchboard/eventing';
import { ping, type Ping, pingRegistry, wallClockMs } from './hop-ping.js';

// Service B of the hop benchmark, in its own process: notes when each probe reaches its handler.
const { NAMESPACE, DATABASE_URL, NATS_URL } = process.env as Record<string, string>;
const latencies: Record<string, number[]> = {};

@Controller()
class Receiver {
  @OnEvent(ping, { durable: 'bench-receiver', concurrency: 32, ordered: false })
  async onPing(@Payload() event: EventEnvelope<Ping>) {
    (latencies[event.payload.probe] ??= []).push(wallClockMs() - event.payload.sentAt);
  }
}

@Module({
  imports: [
    NatsModule.forRoot({ url: NATS_URL, name: 'bench-hop-b' }),
    PostgresModule.forRoot({ url: DATABASE_URL, applicationName: 'bench-hop-b' }),
    EventingModule.forService({
      service: 'bench-b',
      domain: 'benchb',
      namespace: NAMESPACE,
      schema: `${NAMESPACE}_hopb`,
      databaseUrl: DATABASE_URL,
      registry: pingRegistry(),
    }),
  ],
  controllers: [Receiver],
})
class ReceiverModule {}

const app = await NestFactory.create(ReceiverModule, { logger: ['error'] });
await startEventing(app, { wait: true });
console.log('ready');
process.on('SIGTERM', () => {
  console.log(JSON.stringify(latencies));
  void app.close().then(() => process.exit(0));
});

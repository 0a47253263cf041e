export { NatsClient, type NatsClientOptions } from './connection/nats-client.js';
export { NatsModule } from './connection/nats.module.js';

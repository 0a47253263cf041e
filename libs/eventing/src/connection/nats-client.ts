import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from 'nats';

export interface NatsClientOptions {
  url: string;
  /** Shows in the server's connection list (`nats server report connections`). */
  name: string;
}

/**
 * Owns the service's one NATS connection. Connecting never blocks start-up: the service boots
 * while NATS is down (its /health says so) and the client keeps reconnecting in the background.
 */
export class NatsClient implements OnApplicationShutdown {
  private readonly logger = new Logger(NatsClient.name);
  private connection?: NatsConnection;
  private closing = false;
  readonly connected: Promise<NatsConnection>;

  constructor(readonly options: NatsClientOptions) {
    this.connected = connect({
      servers: options.url,
      name: options.name,
      waitOnFirstConnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    }).then((connection) => {
      this.connection = connection;
      this.logger.log(`connected to ${connection.getServer()}`);
      return connection;
    });
    // The promise is also awaited by users; this handler only keeps a failure from going unhandled.
    this.connected.catch((error: unknown) => this.logger.error(`NATS connection failed: ${String(error)}`));
  }

  /** Round-trip time to the server, or an error saying why it is unreachable. */
  async ping(): Promise<number> {
    const connection = this.connection;
    if (!connection || connection.isClosed()) throw new Error(`not connected to ${this.options.url}`);
    return connection.rtt();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (this.connection && !this.connection.isClosed()) await this.connection.drain();
  }
}

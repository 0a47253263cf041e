import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL, NATS), to take the server away from one client
 * without touching the machine's server: `refuse` cuts every connection and refuses new ones as a
 * stopped server does, `accept` lets them through again on the same port, `stall` makes the
 * connections open now hang.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<{ client: Socket; upstream: Socket }>();
  private listeningOn = 0;

  constructor(
    private readonly target: { host: string; port: number },
  ) {}

  /** The port clients connect to (fixed once started, across refuse and accept). */
  get port(): number {
    return this.listeningOn;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(this.port);
    return proxied.toString();
  }

  async accept(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listeningOn, '127.0.0.1', () => resolve());
    });
    this.listeningOn = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Cuts every connection and stops listening: clients get ECONNREFUSED until `accept`. */
  async refuse(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /**
   * Every connection open now stops carrying data either way, as a peer that hangs does (nothing
   * answers, nothing fails); closing one side still closes the other, and new connections work.
   */
  stall(): void {
    for (const { client, upstream } of this.connections) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      for (const socket of [client, upstream]) socket.on('data', () => undefined).resume();
    }
  }

  private forward(client: Socket): void {
    const upstream = connect(this.target.port, this.target.host);
    const connection = { client, upstream };
    this.connections.add(connection);
    client.on('close', () => this.connections.delete(connection));
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    // Either side gone takes the other with it, as a dropped connection does.
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }
}

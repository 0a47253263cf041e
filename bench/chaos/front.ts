import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * What a load balancer does in front of a service's replicas, as a TCP proxy: each connection goes
 * to the next replica whose /health answered at the last probe (all of them when none did), and to
 * the one after when that refuses it. A stopped (SIGSTOP) replica still accepts connections, hence
 * the health probe, as a real balancer has.
 */
export class Front {
  private readonly server: Server;
  private readonly healthy: boolean[];
  private next = 0;
  private probing?: NodeJS.Timeout;

  constructor(
    readonly port: number,
    private readonly backends: number[],
  ) {
    this.healthy = backends.map(() => false);
    this.server = createServer((client) => this.forward(client, this.order(), 0));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(this.port, '127.0.0.1', resolve));
    this.probing = setInterval(() => void this.probe(), 1_000);
  }

  async stop(): Promise<void> {
    clearInterval(this.probing);
    await new Promise((resolve) => this.server.close(resolve));
  }

  private order(): number[] {
    const start = this.next++ % this.backends.length;
    const rotated = this.backends.map((_, i) => (start + i) % this.backends.length);
    const live = rotated.filter((i) => this.healthy[i]);
    return (live.length ? live : rotated).map((i) => this.backends[i]);
  }

  private forward(client: Socket, ports: number[], attempt: number): void {
    if (attempt >= ports.length) return void client.destroy();
    const upstream = connect(ports[attempt], '127.0.0.1');
    upstream.once('connect', () => {
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    });
    upstream.once('error', (error) => {
      if (upstream.connecting || (error as NodeJS.ErrnoException).code === 'ECONNREFUSED') this.forward(client, ports, attempt + 1);
    });
  }

  private async probe(): Promise<void> {
    await Promise.all(
      this.backends.map(async (port, i) => {
        this.healthy[i] = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1_500) }).then(
          (r) => r.ok,
          () => false,
        );
      }),
    );
  }
}

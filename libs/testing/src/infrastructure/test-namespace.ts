import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/switchboard';
export const TEST_NATS_URL = process.env.NATS_URL || 'nats://127.0.0.1:4222';

/**
 * A private corner of the shared NATS and PostgreSQL for one test file: every schema, stream and
 * consumer it creates carries the namespace, and `dispose` removes them all.
 */
export class TestNamespace {
  readonly namespace = `t${randomBytes(4).toString('hex')}`;
  readonly pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 20 });
  private nats?: NatsConnection;

  schema(service: string): string {
    return `${this.namespace}_${service}`;
  }

  async natsConnection(): Promise<NatsConnection> {
    this.nats ??= await connect({ servers: TEST_NATS_URL });
    return this.nats;
  }

  /** Environment for a service process or app started inside this namespace. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      SWITCHBOARD_NAMESPACE: this.namespace,
      DATABASE_URL: TEST_DATABASE_URL,
      NATS_URL: TEST_NATS_URL,
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  async dispose(): Promise<void> {
    const connection = await this.natsConnection();
    const jsm = await connection.jetstreamManager();
    for await (const stream of jsm.streams.list()) {
      if (stream.config.name.startsWith(`${this.namespace.toUpperCase()}_`)) await jsm.streams.delete(stream.config.name);
    }
    await connection.close();
    const { rows } = await this.pool.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${this.namespace}\\_%`],
    );
    for (const { nspname } of rows) await this.pool.query(`DROP SCHEMA ${pg.escapeIdentifier(nspname)} CASCADE`);
    await this.pool.end();
  }
}

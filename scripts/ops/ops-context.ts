import { SERVICE_NAMES, type ServiceName } from '@switchboard/platform';
import { connect, type NatsConnection } from 'nats';
import pg from 'pg';
import { UsageError } from '../cli/cli-args.js';
import { databaseUrl, natsUrl } from '../infra/defaults.js';

/** What every ops command works with: the namespace, the database and NATS, opened on demand. */
export class OpsContext {
  readonly namespace = process.env.SWITCHBOARD_NAMESPACE ?? '';
  private pool?: pg.Pool;
  private nats?: NatsConnection;

  db(): pg.Pool {
    this.pool ??= new pg.Pool({ connectionString: databaseUrl() });
    return this.pool;
  }

  async connection(): Promise<NatsConnection> {
    this.nats ??= await connect({ servers: natsUrl(), name: 'switchboard-ops' });
    return this.nats;
  }

  services(only?: string): ServiceName[] {
    if (!only) return SERVICE_NAMES;
    if (!(SERVICE_NAMES as string[]).includes(only)) {
      throw new UsageError(`unknown service ${only}; one of: ${SERVICE_NAMES.join(', ')}`);
    }
    return [only as ServiceName];
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await this.nats?.drain();
  }
}

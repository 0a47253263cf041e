import pg from 'pg';
import { withinDeadline } from './step-deadline.js';

/** A leader connection that stopped answering cannot say goodbye: stop waiting for it after this long. */
const RELEASE_DEADLINE_MS = 5_000;

/**
 * At most one relay per event store across replicas: the holder of a session-level advisory lock.
 * The lock lives on a dedicated connection, so a relay process that dies (or loses its
 * connection) releases it and another replica's next attempt takes over.
 */
export class RelayLeadership {
  private client?: pg.Client;

  constructor(
    private readonly connectionString: string,
    private readonly lockName: string,
  ) {}

  /** The leader's connection when this process holds the lock, else undefined. */
  async tryAcquire(): Promise<pg.Client | undefined> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'outbox-relay' });
    client.on('error', () => undefined); // surfaced through `lost`
    await client.connect();
    const { rows } = await client.query<{ acquired: boolean }>(
      'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired',
      [this.lockName],
    );
    if (!rows[0].acquired) {
      await client.end();
      return undefined;
    }
    this.client = client;
    return client;
  }

  /** Resolves when the leader connection ends for any reason. */
  lost(client: pg.Client): Promise<void> {
    return new Promise((resolve) => {
      client.once('end', resolve);
      client.once('error', resolve);
    });
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await withinDeadline('release the lead', RELEASE_DEADLINE_MS, client.end()).catch(() => undefined);
  }
}

import pg from 'pg';

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
/**
 * SQLSTATEs of a server that cannot serve: class 08 (connection exception) is matched by prefix;
 * admin_shutdown and crash_shutdown end the connection (a stop or restart), cannot_connect_now
 * answers while it starts or recovers, too_many_connections while it is full.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg and pg-pool say, without a code, when a connection ends or cannot be had in time. */
const PG_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

/**
 * Whether `error` says PostgreSQL could not be reached or dropped the connection, as opposed to a
 * query that failed on a server that answers. Follows `cause`, where a caller wrapped it. A socket
 * code alone could also come from another server (a provider's HTTP API): callers that must not
 * mistake one for the other confirm with `probeDatabase`.
 */
export function databaseUnavailable(error: unknown): boolean {
  for (let seen = 0; error instanceof Error && seen < 5; seen++, error = error.cause) {
    const code = String((error as { code?: unknown }).code);
    if (SOCKET_CODES.has(code)) return true;
    if (error instanceof pg.DatabaseError && (code.startsWith('08') || SERVER_CODES.has(code))) return true;
    const { message } = error;
    if (PG_MESSAGES.some((text) => message.includes(text))) return true;
  }
  return false;
}

/**
 * `SELECT 1` on a connection of its own, so that a pool whose connections are all busy does not
 * pass for a database that does not answer. Rejects when it cannot connect and query in time.
 */
export async function probeDatabase(connectionString: string, timeoutMs = 2_000): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  // A connection the server ends while we hold it emits 'error'; unheard, that would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

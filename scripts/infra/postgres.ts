import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { dockerEngineAnswers, findExecutable, postgresBinDirs, run, waitFor } from './commands.js';
import { InfrastructureError } from './defaults.js';

const serverUrl = (url: string) => Object.assign(new URL(url), { pathname: '/postgres' }).toString();

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl(url), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED' || code === 'ENOENT' || /timeout/i.test(String(error))) return false;
    throw new InfrastructureError(`PostgreSQL answers at ${serverUrl(url)} but refuses us: ${String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createDatabaseIfMissing(url: string, log: (line: string) => void): Promise<void> {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: serverUrl(url) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return;
    log(`creating database ${database}`);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  } catch (error) {
    // Another process creating it at the same moment is fine.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/**
 * What the whole system may hold at once: six services, each with a pool of up to 16 connections
 * (DATABASE_POOL_MAX) and two for its relay and two for its timers (docs/operations.md).
 */
const SYSTEM_CONNECTIONS = 6 * (16 + 2 + 2);

/** Says so when the server allows fewer connections than the system (and a test run beside it) may open. */
async function warnOnFewConnections(url: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl(url) });
  await client.connect();
  try {
    const { rows } = await client.query<{ max_connections: string }>('SHOW max_connections');
    const allowed = Number(rows[0].max_connections);
    if (allowed < SYSTEM_CONNECTIONS + 30) {
      log(
        `warning: PostgreSQL allows ${allowed} connections; the six services may open up to ${SYSTEM_CONNECTIONS} under load ` +
          `(set max_connections to ${SYSTEM_CONNECTIONS + 30} or more, or DATABASE_POOL_MAX lower: docs/operations.md)`,
      );
    }
  } finally {
    await client.end();
  }
}

/** A Debian cluster on that port (pg_ctlcluster), else a project-local one in .data/postgres. */
function startLocalServer(port: string, log: (line: string) => void): boolean {
  const cluster = debianClusterOnPort(port);
  if (cluster) {
    log(`starting PostgreSQL cluster ${cluster.join('/')} with pg_ctlcluster`);
    run('pg_ctlcluster', ['--skip-systemctl-redirect', ...cluster, 'start']);
    return true;
  }
  const initdb = findExecutable('initdb', postgresBinDirs());
  const pgCtl = findExecutable('pg_ctl', postgresBinDirs());
  if (!initdb || !pgCtl) return false;
  // PostgreSQL refuses to run as root: when we are root, the data folder belongs to `postgres`.
  const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dataDir = resolve('.data/postgres');
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    mkdirSync(dataDir, { recursive: true });
    if (asUser) chownSync(dataDir, ...ownerOf(asUser));
    log(`initialising a PostgreSQL cluster in ${dataDir}`);
    run(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-instructions'], { asUser });
  }
  log(`starting PostgreSQL from ${dataDir} on 127.0.0.1:${port}`);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dataDir}`;
  run(pgCtl, ['-D', dataDir, '-l', `${dataDir}/server.log`, '-o', options, 'start'], { asUser });
  return true;
}

function debianClusterOnPort(port: string): [string, string] | undefined {
  if (!findExecutable('pg_lsclusters')) return undefined;
  const listing = spawnSync('pg_lsclusters', ['-h'], { encoding: 'utf8' }).stdout ?? '';
  const match = listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find((fields) => fields[2] === port);
  return match ? [match[0], match[1]] : undefined;
}

function ownerOf(user: string): [number, number] {
  const home = `/var/lib/${user === 'postgres' ? 'postgresql' : user}`;
  const { uid, gid } = statSync(home);
  return [uid, gid];
}

/**
 * Makes sure PostgreSQL answers at `url` and its database exists: use a running server, else
 * start a local one, else Docker Compose, else explain what to run.
 */
export async function ensurePostgres(url: string, log: (line: string) => void): Promise<void> {
  if (!(await answers(url))) {
    const { hostname, port } = new URL(url);
    if (!['127.0.0.1', 'localhost'].includes(hostname)) {
      throw new InfrastructureError(`PostgreSQL at ${hostname}:${port} does not answer and is not local.`);
    }
    if (!startLocalServer(port || '5432', log)) {
      if (!dockerEngineAnswers()) {
        throw new InfrastructureError(
          `PostgreSQL does not answer at ${hostname}:${port || 5432}, and neither PostgreSQL binaries nor a Docker ` +
            `engine are available. Start one:\n` +
            `  pg_ctlcluster <version> main start   (Debian/Ubuntu, after apt-get install postgresql)\n` +
            `  or: docker compose up -d postgres`,
        );
      }
      log('starting PostgreSQL with docker compose');
      run('docker', ['compose', 'up', '-d', '--wait', 'postgres']);
    }
    await waitFor(`PostgreSQL at ${hostname}:${port}`, () => answers(url));
  }
  await createDatabaseIfMissing(url, log);
  await warnOnFewConnections(url, log);
}

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, cpSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { connect } from 'nats';
import pg from 'pg';
import { findExecutable, postgresBinDirs, waitFor } from '../../scripts/infra/commands.js';

const run = promisify(execFile);
const pgBinary = (name: string): string => findExecutable(name, postgresBinDirs()) ?? name;
const NATS_SERVER = findExecutable('nats-server', ['/usr/sbin']) ?? 'nats-server';
const POSTGRES_USER = 'postgres';

/**
 * A NATS server of the chaos run's own, from the local binary, so that it can be killed, wiped and
 * rolled back without touching the machine's. Same port across restarts: clients reconnect to it.
 */
export class OwnNats {
  private process?: ChildProcess;
  readonly dataDir: string;
  private readonly snapshotDir: string;

  constructor(
    root: string,
    readonly port: number,
  ) {
    this.dataDir = resolve(root, 'nats');
    this.snapshotDir = resolve(root, 'nats-older');
    mkdirSync(this.dataDir, { recursive: true });
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const log = createWriteStream(join(this.dataDir, '..', 'nats.log'), { flags: 'a' });
    this.process = spawn(NATS_SERVER, ['-js', '-sd', this.dataDir, '-p', String(this.port), '-a', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout!.pipe(log, { end: false });
    this.process.stderr!.pipe(log, { end: false });
    this.process.once('exit', () => log.end());
    await waitFor(`NATS on ${this.port}`, async () => {
      const connection = await connect({ servers: this.url, reconnect: false, timeout: 1_000 }).catch(() => undefined);
      if (!connection) return false;
      const jsm = await connection.jetstreamManager().catch(() => undefined);
      await connection.close();
      return jsm !== undefined;
    }, 60_000);
  }

  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** A consistent copy of the data directory (taken while the server is down) to roll back to later. */
  keepOlderCopy(): void {
    rmSync(this.snapshotDir, { recursive: true, force: true });
    cpSync(this.dataDir, this.snapshotDir, { recursive: true });
  }

  wipeData(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
  }

  restoreOlderCopy(): void {
    rmSync(this.dataDir, { recursive: true, force: true });
    cpSync(this.snapshotDir, this.dataDir, { recursive: true });
  }

  async stop(): Promise<void> {
    await this.kill();
  }
}

/**
 * A PostgreSQL cluster of the chaos run's own (initdb into the run's data directory, owned by the
 * postgres user as the server insists), stopped in `immediate` mode to lose what a crash loses.
 */
export class OwnPostgres {
  readonly dataDir: string;
  private readonly logFile: string;

  constructor(
    private readonly root: string,
    readonly port: number,
  ) {
    this.dataDir = resolve(root, 'pg');
    this.logFile = resolve(root, 'postgres.log');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const { uid, gid } = await userIds(POSTGRES_USER);
    chownSync(this.root, uid, gid);
    chownSync(this.dataDir, uid, gid);
    await asPostgres(pgBinary('initdb'), ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  }

  async start(): Promise<void> {
    // fsync off: a server stopped in immediate mode is a crash of the process, not of the machine,
    // so the WAL it wrote is still in the page cache; the machine's disk is shared with three other runs.
    const options = `-p ${this.port} -k ${this.dataDir} -c listen_addresses=127.0.0.1 -c max_connections=600 -c fsync=off`;
    await asPostgres(pgBinary('pg_ctl'), ['-D', this.dataDir, '-l', this.logFile, '-o', options, '-w', '-t', '120', 'start']);
    await waitFor(`PostgreSQL on ${this.port}`, async () => {
      const client = new pg.Client({ connectionString: this.url });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, 60_000);
  }

  /** `pg_ctl stop -m immediate`: every backend killed, no checkpoint; the next start replays the WAL. */
  async stopImmediately(): Promise<void> {
    await asPostgres(pgBinary('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  async stop(): Promise<void> {
    await asPostgres(pgBinary('pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
  }
}

async function asPostgres(command: string, args: string[]): Promise<void> {
  await run('runuser', ['-u', POSTGRES_USER, '--', command, ...args], { maxBuffer: 10 * 1024 * 1024 });
}

async function userIds(user: string): Promise<{ uid: number; gid: number }> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid), gid: Number(gid) };
}

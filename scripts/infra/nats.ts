import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect } from 'nats';
import { dockerEngineAnswers, findExecutable, run, waitFor } from './commands.js';
import { InfrastructureError } from './defaults.js';

type Probe = 'jetstream' | 'no-jetstream' | 'down';

async function probe(url: string): Promise<Probe> {
  let connection;
  try {
    connection = await connect({ servers: url, timeout: 2_000, reconnect: false });
  } catch {
    return 'down';
  }
  try {
    await (await connection.jetstreamManager()).getAccountInfo();
    return 'jetstream';
  } catch {
    return 'no-jetstream';
  } finally {
    await connection.close();
  }
}

/**
 * Makes sure NATS with JetStream answers at `url`: use a running server, else start the local
 * nats-server binary (data in .data/nats), else Docker Compose, else explain what to run.
 */
export async function ensureNats(url: string, log: (line: string) => void): Promise<void> {
  const state = await probe(url);
  if (state === 'jetstream') return;
  if (state === 'no-jetstream') {
    throw new InfrastructureError(`NATS at ${url} answers but JetStream is off: restart it with -js (--jetstream).`);
  }
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost'].includes(hostname)) {
    throw new InfrastructureError(`NATS at ${url} does not answer, and it is not local, so it cannot be started here.`);
  }
  const binary = findExecutable('nats-server', ['/usr/sbin', '/usr/local/sbin']);
  if (binary) {
    const dataDir = resolve('.data/nats');
    mkdirSync(dataDir, { recursive: true });
    log(`starting ${binary} on 127.0.0.1:${port} (data in ${dataDir})`);
    const logFile = openSync(resolve('.data/nats-server.log'), 'a');
    spawn(binary, ['-a', '127.0.0.1', '-p', port || '4222', '-js', '-sd', dataDir], {
      detached: true,
      stdio: ['ignore', logFile, logFile],
    }).unref();
  } else if (dockerEngineAnswers()) {
    log('starting NATS with docker compose');
    run('docker', ['compose', 'up', '-d', '--wait', 'nats']);
  } else {
    throw new InfrastructureError(
      `NATS does not answer at ${url} and neither nats-server nor a Docker engine is available. Start one:\n` +
        `  nats-server -a 127.0.0.1 -p ${port || 4222} -js -sd .data/nats\n` +
        `  or: docker compose up -d nats`,
    );
  }
  await waitFor(`NATS at ${url}`, async () => (await probe(url)) === 'jetstream');
}

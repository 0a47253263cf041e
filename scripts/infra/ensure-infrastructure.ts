import { databaseUrl, InfrastructureError, natsUrl } from './defaults.js';
import { CHROMIUM, type DebianPackage, ensureDebianPackages, FFMPEG } from './debian-packages.js';
import { ensureNats } from './nats.js';
import { ensurePostgres } from './postgres.js';

const log = (line: string) => console.log(`[infra] ${line}`);

/**
 * NATS (with JetStream) and PostgreSQL up, the database created, the Debian packages present
 * (ffmpeg; Chromium too for the tests): used by `npm start`, `npm test` and CI.
 */
export async function ensureInfrastructure(env = process.env, options: { forTests?: boolean } = {}): Promise<{ natsUrl: string; databaseUrl: string }> {
  const urls = { natsUrl: natsUrl(env), databaseUrl: databaseUrl(env) };
  const packages: DebianPackage[] = options.forTests ? [FFMPEG, CHROMIUM] : [FFMPEG];
  ensureDebianPackages(packages, log);
  await Promise.all([ensureNats(urls.natsUrl, log), ensurePostgres(urls.databaseUrl, log)]);
  log(`NATS ${urls.natsUrl} and PostgreSQL ${redact(urls.databaseUrl)} ready`);
  return urls;
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export { InfrastructureError };

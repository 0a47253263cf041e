import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

/** Absolute path of an executable on PATH or in one of the extra folders, if any. */
export function findExecutable(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), ...extraDirs].filter(Boolean);
  return dirs.map((dir) => `${dir}/${name}`).find((path) => existsSync(path));
}

/** PostgreSQL's versioned bin folders on Debian/Ubuntu, newest first. */
export function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => `${root}/${version}/bin`);
}

export function run(command: string, args: string[], options: { asUser?: string } = {}): void {
  const [file, argv] =
    options.asUser && process.getuid?.() === 0
      ? ['runuser', ['-u', options.asUser, '--', command, ...args]]
      : [command, args];
  const result = spawnSync(file, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` failed with exit code ${result.status}`);
  }
}

export function dockerEngineAnswers(): boolean {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

export async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
}

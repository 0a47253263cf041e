import { spawnSync } from 'node:child_process';
import { findExecutable, run } from './commands.js';
import { InfrastructureError } from './defaults.js';

/** A Debian package the system uses, found by the executable it installs. */
export interface DebianPackage {
  name: string;
  executable: string;
  /** What needs it, for the log and the warning. */
  neededBy: string;
}

/** ffmpeg: video knowledge extracts the audio of uploaded videos with it. */
export const FFMPEG: DebianPackage = { name: 'ffmpeg', executable: 'ffmpeg', neededBy: 'video transcription' };
/** Chromium: the ops console's browser tests drive it (no browser is downloaded at npm install). */
export const CHROMIUM: DebianPackage = { name: 'chromium', executable: 'chromium', neededBy: "the console's browser tests" };

/**
 * The packages' executables on PATH: those missing are installed with apt-get when we are root;
 * otherwise a warning says how to get them, and everything that does not need them still runs.
 */
export function ensureDebianPackages(packages: DebianPackage[], log: (line: string) => void): void {
  const missing = packages.filter((pkg) => !findExecutable(pkg.executable));
  if (!missing.length) return;
  const names = missing.map((pkg) => pkg.name);
  const why = missing.map((pkg) => `${pkg.name} for ${pkg.neededBy}`).join(', ');
  if (process.getuid?.() !== 0 || !findExecutable('apt-get')) {
    log(`WARNING: ${why}: not installed, and cannot be installed from here (needs root and apt-get): \`sudo apt-get install -y ${names.join(' ')}\``);
    return;
  }
  log(`installing with apt-get: ${why}`);
  run('apt-get', ['update']);
  const result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...names], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = missing.filter((pkg) => !findExecutable(pkg.executable));
  if (result.status !== 0 || still.length) throw new InfrastructureError(`apt-get install ${names.join(' ')} failed (exit ${result.status})`);
}

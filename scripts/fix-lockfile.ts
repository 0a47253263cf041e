import { readFileSync, writeFileSync } from 'node:fs';
import { cli } from './cli/cli-args.js';

cli({
  command: 'npm run lock:fix',
  summary: "Adds other platforms' optional native packages back to package-lock.json, so npm ci accepts it there. Run after npm install.",
  options: {},
});

/**
 * The registry this project is built against serves only this platform's native binaries, so
 * `npm install` leaves other platforms' optional packages (e.g. @swc/core-darwin-arm64) out of
 * package-lock.json, and `npm ci` then refuses the lock. This adds them back as optional entries
 * with their os/cpu, which npm ci skips on a non-matching machine. Run after `npm install`.
 */
const PLATFORM = /-(darwin|linux|win32|freebsd|android)-(arm64|x64|arm|ia32|ppc64|s390x|riscv64)(-|$)/;

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const packages: Record<string, Record<string, unknown>> = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries((entry.optionalDependencies ?? {}) as Record<string, string>)) {
    const target = `node_modules/${name}`;
    const platform = PLATFORM.exec(name);
    if (!path || packages[target] || !platform) continue;
    packages[target] = { version, cpu: [platform[2]], optional: true, os: [platform[1]] };
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} foreign-platform optional entries added`);

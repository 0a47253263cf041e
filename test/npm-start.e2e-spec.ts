import { SERVICE_NAMES, portVariable } from '@switchboard/platform';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { TestNamespace } from '@switchboard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledPath } from '../scripts/build/compiled.js';
import { descendants, freePorts, isAlive } from './processes.js';

const ns = new TestNamespace();
afterAll(() => ns.dispose());

describe('npm start', () => {
  it('brings all six services up healthy, prints the gateway URL, restarts a service that dies while the others run on, and SIGTERM leaves no process behind', async () => {
    const ports = await freePorts(SERVICE_NAMES.length + 2);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(SERVICE_NAMES.map((name, i) => [portVariable(name), String(ports[i])])),
      ...ns.env({ LOG_LEVEL: 'log' }),
      SIMULATOR_PORT: String(ports[SERVICE_NAMES.length]),
      SIMULATOR_SMTP_PORT: String(ports[SERVICE_NAMES.length + 1]),
      FORCE_COLOR: '0',
    };
    const gatewayUrl = `http://127.0.0.1:${ports[0]}`;
    const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (chunk) => (output += chunk));
    npm.stderr.on('data', (chunk) => (output += chunk));

    try {
      await expect.poll(() => output, { timeout: 200_000, interval: 200 }).toContain(`Switchboard is up: ${gatewayUrl}`);
      // No provider keys here, so the simulator stands in for the providers.
      expect(output).toContain(`provider simulator on http://127.0.0.1:${ports[SERVICE_NAMES.length]}`);
      expect((await fetch(`http://127.0.0.1:${ports[SERVICE_NAMES.length]}/__admin/requests`)).status).toBe(200);
      const health = await fetch(`${gatewayUrl}/health`);
      expect(health.status).toBe(200);
      const body = (await health.json()) as { details: Record<string, { status: string }> };
      expect(Object.keys(body.details).sort()).toEqual(['eventing', 'nats', 'postgres', ...SERVICE_NAMES.slice(1)].sort());

      // Each runs from the build, not from the TypeScript.
      const services = () => descendants(npm.pid!).filter((pid) => SERVICE_NAMES.some((name) => cmdline(pid).includes(compiledPath(`apps/${name}/src/main.ts`))));
      const pidOf = (name: string) => descendants(npm.pid!).find((pid) => cmdline(pid).includes(compiledPath(`apps/${name}/src/main.ts`)));
      expect(services()).toHaveLength(6);
      expect(descendants(npm.pid!).some((pid) => cmdline(pid).includes(compiledPath('libs/testing/src/simulator/main.ts')))).toBe(true);

      // One service dying stops nothing else: it is reported and started again, health turns green again.
      const others = services().filter((pid) => pid !== pidOf('claims'));
      process.kill(pidOf('claims')!, 'SIGKILL');
      await expect.poll(() => output, { timeout: 15_000, interval: 200 }).toMatch(/\[claims\] +exited \(SIGKILL\)/);
      await expect.poll(() => pidOf('claims'), { timeout: 30_000, interval: 200 }).toBeDefined();
      await expect
        .poll(async () => (await fetch(`${gatewayUrl}/health`).catch(() => undefined))?.status, { timeout: 90_000, interval: 500 })
        .toBe(200);
      expect(others.filter(isAlive)).toEqual(others);
      expect(services()).toHaveLength(6);

      const tree = descendants(npm.pid!);
      const exited = once(npm, 'exit');
      npm.kill('SIGTERM');
      // npm re-raises the signal it forwarded; the start script itself exits 0 on a requested stop.
      const [code, signal] = await exited;
      expect({ code, signal }).toMatchObject(code === null ? { signal: 'SIGTERM' } : { code: 0 });
      await expect.poll(() => tree.filter(isAlive), { timeout: 15_000 }).toEqual([]);
    } finally {
      // A failed assertion must not leave the services running: SIGKILL on npm alone orphans them.
      for (const pid of [...descendants(npm.pid!), npm.pid!]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }, 420_000);
});

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { terminate } from '../../scripts/system/terminate.js';
import { STEPS } from './chain4-system.js';

/**
 * The four step processes of one system, each `step.main.ts <system> <step>`, as deployed: started
 * together, ready when each has printed `ready`, stopped with SIGTERM (SIGKILL after 10 s).
 */
export class StepProcesses {
  private constructor(private readonly children: ChildProcess[]) {}

  static async start(system: string, env: Record<string, string>, timeoutMs = 180_000): Promise<StepProcesses> {
    const children = Array.from({ length: STEPS }, (_, i) =>
      spawn(process.execPath, [...(process.env.CHAIN4_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), '--import', '@swc-node/register/esm-register', 'bench/chain4/step.main.ts', system, String(i + 1)], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    const processes = new StepProcesses(children);
    try {
      await Promise.all(children.map((child, i) => ready(child, `${system} step ${i + 1}`, timeoutMs)));
    } catch (error) {
      await processes.stop();
      throw error;
    }
    return processes;
  }

  get pids(): number[] {
    return this.children.map((child) => child.pid!);
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.map((child) => terminate(child)),
    );
  }
}

/** Resolves on the child's `ready` line; its output is kept for the error if it exits or times out first. */
function ready(child: ChildProcess, name: string, timeoutMs: number): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (/^ready$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', keep);
    // Past start-up, what a step writes is still shown: an error there is worth seeing.
    child.stderr!.on('data', (chunk: Buffer) => {
      keep(chunk);
      process.stderr.write(`[${name}] ${chunk.toString()}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${output}`));
    });
  });
}

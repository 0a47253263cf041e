import { type ChildProcess, spawn } from 'node:child_process';
import type { WorkerSettings } from './worker.app.js';

/** The test worker as a separate process, so a test can SIGKILL it mid-work. */
export class WorkerProcess {
  private output = '';
  readonly child: ChildProcess;

  constructor(settings: WorkerSettings, env: Record<string, string> = {}, main = 'libs/eventing/src/test-support/worker.main.ts') {
    this.child = spawn('node', ['--import', '@swc-node/register/esm-register', main], {
      env: {
        ...process.env,
        SWITCHBOARD_NAMESPACE: settings.namespace,
        DATABASE_URL: settings.databaseUrl,
        NATS_URL: settings.natsUrl,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => (this.output += chunk));
    this.child.stderr!.on('data', (chunk) => (this.output += chunk));
  }

  get log(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid!;
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes('worker ready')) {
      if (this.child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The relay leadership it last reported. */
  get isLeader(): boolean {
    return this.output.lastIndexOf('relay leader=true') > this.output.lastIndexOf('relay leader=false');
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return exited;
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { terminate } from '../system/terminate.js';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** ANSI colour code of the name prefix on a terminal, e.g. 36 (cyan). */
  color?: number;
  /** How each line the process writes is shown (it ends without a newline); as written if absent. */
  formatLine?: (line: string) => string;
}

export interface SupervisorOptions {
  /** First delay before a restart; it doubles with each exit that follows quickly. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long before exiting is restarted after the initial delay again. */
  stableAfterMs?: number;
  killTimeoutMs?: number;
  write?: (line: string) => void;
}

interface Supervised {
  spec: ProcessSpec;
  child?: ChildProcess;
  startedAt: number;
  backoffMs: number;
  restartTimer?: NodeJS.Timeout;
  restarts: number;
}

/**
 * Runs processes with prefixed output and keeps them running, as a process supervisor does: one
 * that exits unasked is reported and started again after a backoff (doubling while it keeps
 * exiting soon after start, capped), and the others go on. `stop` ends them all, for good.
 */
export class Supervisor {
  private readonly processes: Supervised[];
  private readonly width: number;
  private stopping = false;

  constructor(
    specs: ProcessSpec[],
    private readonly options: SupervisorOptions = {},
  ) {
    this.processes = specs.map((spec) => ({ spec, startedAt: 0, backoffMs: this.initialBackoff, restarts: 0 }));
    this.width = Math.max(...specs.map((spec) => spec.name.length));
  }

  start(): void {
    for (const supervised of this.processes) this.launch(supervised);
  }

  /** The pid of each running process, by name. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.processes.map(({ spec, child }) => [spec.name, child && child.exitCode === null && child.signalCode === null ? child.pid : undefined]));
  }

  restartsOf(name: string): number {
    return this.processes.find((p) => p.spec.name === name)?.restarts ?? 0;
  }

  /** SIGTERM to every process (SIGKILL after the timeout); none is restarted any more. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.processes.map(async (supervised) => {
        clearTimeout(supervised.restartTimer);
        if (supervised.child) await terminate(supervised.child, this.options.killTimeoutMs);
      }),
    );
  }

  private get initialBackoff(): number {
    return this.options.initialBackoffMs ?? 1_000;
  }

  private launch(supervised: Supervised): void {
    const { spec } = supervised;
    const child = spawn(spec.command, spec.args, { env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    supervised.child = child;
    supervised.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.print(spec, spec.formatLine ? spec.formatLine(line) : line));
    }
    child.once('error', (error) => this.print(spec, `could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.exited(supervised, child, code, signal));
  }

  private exited(supervised: Supervised, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || supervised.child !== child) return;
    const ranMs = Date.now() - supervised.startedAt;
    // A process that had been up a while failed for a new reason: start the backoff over.
    if (ranMs >= (this.options.stableAfterMs ?? 60_000)) supervised.backoffMs = this.initialBackoff;
    const delay = supervised.backoffMs;
    supervised.backoffMs = Math.min(delay * 2, this.options.maxBackoffMs ?? 30_000);
    this.print(supervised.spec, `exited (${signal ?? `code ${code}`}) after ${Math.round(ranMs / 1000)} s; restarting in ${delay / 1000} s`);
    supervised.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      supervised.restarts++;
      this.launch(supervised);
    }, delay);
  }

  private print(spec: ProcessSpec, line: string): void {
    const name = `[${spec.name}]`.padEnd(this.width + 2);
    const prefix = spec.color !== undefined && colours() ? `\u001b[${spec.color}m${name}\u001b[0m` : name;
    (this.options.write ?? ((text: string) => process.stdout.write(`${text}\n`)))(`${prefix} ${line}`);
  }
}

const colours = () => process.stdout.isTTY === true && process.env.FORCE_COLOR !== '0' && !process.env.NO_COLOR;

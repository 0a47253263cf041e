import { type CliArgs, type CliOptions, type CliSpec, UsageError } from '../cli/cli-args.js';
import type { OpsContext } from './ops-context.js';

/** What an ops subcommand does with the namespace, given its arguments. */
export type OpsRun<O extends CliOptions = CliOptions> = (ops: OpsContext, args: CliArgs<O>) => Promise<void>;

/**
 * An ops subcommand: its command line, declared once for parsing and --help, and what it does,
 * loaded only when it runs (NATS, pg and our libraries take seconds to load; --help needs none of them).
 */
export interface OpsCommand<O extends CliOptions = CliOptions> {
  name: string;
  spec: CliSpec<O>;
  /** Its `*.run.ts`. `run` is a method, so that one list holds commands of different options (main.ts). */
  load(): Promise<{ run(ops: OpsContext, args: CliArgs<O>): Promise<void> }>;
}

/**
 * `opsCommand(name, spec).runs(() => import('./x.run.js'))`: in two steps so that the spec's options
 * are settled before the run module, typed by them, is checked against them.
 */
export const opsCommand = <O extends CliOptions>(name: string, spec: Omit<CliSpec<O>, 'command'>) => ({
  runs: (load: OpsCommand<O>['load']): OpsCommand<O> => ({ name, spec: { command: `npm run ops -- ${name}`, ...spec }, load }),
});

/** A stream sequence or store position as typed by the operator: digits only, not whatever Number() makes of it. */
export function wholeNumber(what: string, raw: string): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${what} must be a whole number, not '${raw}'`);
  return Number(raw);
}

/** Count, rate and time left, on one line that rewrites itself. */
export function progress(label: string, done: number, total: number, startedAt: number): void {
  const seconds = (Date.now() - startedAt) / 1000;
  const rate = seconds > 0 ? done / seconds : 0;
  const eta = rate > 0 ? Math.ceil((total - done) / rate) : '?';
  process.stdout.write(`\r${label}: ${done}/${total}  ${Math.round(rate)}/s  eta ${eta}s   `);
}

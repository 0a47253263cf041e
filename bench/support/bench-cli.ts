import { relative } from 'node:path';
import { type CliSpec, cli } from '../../scripts/cli/cli-args.js';

/**
 * A benchmark's command line: no options, but --help says what it measures and what it reads from the
 * environment. The `*.bench.ts` entry calls it and only then imports its `*.run.ts`, so --help loads no library.
 */
export const benchCli = (spec: Omit<CliSpec<Record<string, never>>, 'command' | 'options'>) =>
  cli({ command: `node --import @swc-node/register/esm-register ${relative(process.cwd(), process.argv[1])}`, options: {}, ...spec });

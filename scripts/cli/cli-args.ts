import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One option: what parseArgs needs, and what --help says about it. */
export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  default?: string;
  /** The value's name in the usage, e.g. `<ISO time>` for `--since <ISO time>`. */
  value?: string;
  description: string;
}

export type CliOptions = Record<string, CliOption>;

/** A command line declared once: it parses the arguments and writes the --help text. */
export interface CliSpec<O extends CliOptions = CliOptions> {
  /** How it is run, e.g. `npm run ops -- replay`. */
  command: string;
  /** What it does, in a line or two. */
  summary: string;
  /** Positional arguments as the usage shows them; `[<seq>]` marks an optional one. */
  arguments?: string[];
  options: O;
  /** Lines --help adds at the end: commands, environment variables, examples. */
  notes?: string[];
}

export type CliValues<O extends CliOptions> = {
  [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : O[K] extends { default: string } ? string : string | undefined;
};

export interface CliArgs<O extends CliOptions = CliOptions> {
  values: CliValues<O>;
  positionals: string[];
}

export type CliReading<O extends CliOptions> = { help: string } | { error: string } | CliArgs<O>;

/** A mistake in how a command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {}

const HELP = { type: 'boolean', short: 'h', description: 'show this help' } as const;

/** The arguments read against the spec, or the help asked for, or what is wrong with them. */
export function readCli<O extends CliOptions>(spec: CliSpec<O>, argv: string[]): CliReading<O> {
  const parse = (strict: boolean) =>
    parseArgs({ args: argv, options: { ...spec.options, help: HELP }, allowPositionals: true, strict } as ParseArgsConfig);
  let parsed;
  try {
    parsed = parse(true);
  } catch (error) {
    if (!String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS_')) throw error;
    // --help beside a mistake still gets the help: it is what the caller was looking for.
    if (parse(false).values.help === true) return { help: usage(spec) };
    return { error: firstSentence((error as Error).message) };
  }
  if (parsed.values.help) return { help: usage(spec) };
  const declared = spec.arguments ?? [];
  const required = declared.filter((argument) => !argument.startsWith('['));
  const { positionals } = parsed;
  if (positionals.length > declared.length) return { error: `unexpected argument '${positionals[declared.length]}'` };
  if (positionals.length < required.length) return { error: `missing ${required[positionals.length]}` };
  const booleans = Object.entries(spec.options).filter(([, option]) => option.type === 'boolean');
  const values = { ...Object.fromEntries(booleans.map(([name]) => [name, false])), ...parsed.values };
  delete values.help;
  return { values: values as CliValues<O>, positionals };
}

/** The --help text: usage line, summary, every option with its description, then the notes. */
export function usage(spec: CliSpec): string {
  const options = Object.entries({ ...spec.options, help: HELP }).map(([name, option]: [string, CliOption]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? ` ${option.value ?? '<value>'}` : ''}`;
    return [flag, `${option.description}${option.default === undefined ? '' : ` (default ${option.default})`}`];
  });
  const width = Math.max(...options.map(([flag]) => flag.length)) + 2;
  return [
    `usage: ${[spec.command, ...(spec.arguments ?? []), ...(Object.keys(spec.options).length ? ['[options]'] : [])].join(' ')}`,
    '',
    spec.summary,
    '',
    'options:',
    ...options.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`),
    ...(spec.notes?.length ? ['', ...spec.notes] : []),
  ].join('\n');
}

export const usageErrorLine = (spec: CliSpec, message: string) => `${spec.command}: ${message} (run with --help)`;

/** Parses this process's arguments: --help prints the usage and exits 0, a mistake exits 2 in one line. */
export function cli<O extends CliOptions>(spec: CliSpec<O>, argv = process.argv.slice(2)): CliArgs<O> {
  const reading = readCli(spec, argv);
  if ('help' in reading) {
    process.stdout.write(`${reading.help}\n`);
    process.exit(0);
  }
  if ('error' in reading) exitWithUsageError(spec, reading.error);
  return reading;
}

export function exitWithUsageError(spec: CliSpec, message: string): never {
  console.error(usageErrorLine(spec, message));
  process.exit(2);
}

// parseArgs explains at length ("Unknown option '--x'. To specify a positional argument..."): the first sentence names it.
const firstSentence = (message: string) => {
  const sentence = message.split(/\.(\s|$)/)[0];
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
};

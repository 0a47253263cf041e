import { type CliSpec, cli, UsageError, usage, usageErrorLine } from '../cli/cli-args.js';
import { dlq } from './dlq.command.js';
import type { OpsCommand } from './ops-command.js';
import { replay } from './replay.command.js';
import { republish } from './republish.command.js';
import { streams } from './streams.command.js';
import { tail } from './tail.command.js';
import { trace } from './trace.command.js';
import { waiting } from './waiting.command.js';

const COMMANDS: OpsCommand[] = [streams, tail, replay, republish, dlq, trace, waiting];
const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2;

const OPS: CliSpec = {
  command: 'npm run ops --',
  summary: 'Looks at and repairs the namespace in SWITCHBOARD_NAMESPACE (NATS_URL, DATABASE_URL as for npm start).',
  arguments: ['<command>'],
  options: {},
  notes: [
    'commands (npm run ops -- <command> --help for each one):',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.spec.summary}`),
  ],
};

const [name, ...rest] = process.argv.slice(2);
const command = COMMANDS.find((candidate) => candidate.name === name);
if (!command) {
  // Exits on --help, an unknown option or no command at all; what is left is a command we do not have.
  const { positionals } = cli(OPS);
  console.error(`${usageErrorLine(OPS, `unknown command '${positionals[0]}'`)}\n\n${usage(OPS)}`);
  process.exit(2);
}

const args = cli(command.spec, rest);
const [{ OpsContext }, { run }] = await Promise.all([import('./ops-context.js'), command.load()]);
const ops = new OpsContext();
try {
  await run(ops, args);
} catch (error) {
  console.error(error instanceof UsageError ? usageErrorLine(command.spec, error.message) : `ops ${command.name} failed: ${String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await ops.close();
}

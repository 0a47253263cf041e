import { type CliSpec, cli, exitWithUsageError } from '../../scripts/cli/cli-args.js';

const SYSTEMS = ['ours', 'bullmq', 'pg-boss'];
const spec = {
  command: 'npm run bench:chain4 --',
  summary:
    'A 4-step durable workflow (one process per step) on our stack beside BullMQ and pg-boss, interleaved in one run:\n' +
    'burst and unloaded modes, exactly-once verified, CPU per step from /proc (issue #18).',
  options: {
    repeat: { type: 'string', default: '3', value: '<n>', description: 'rounds of the three systems' },
    workflows: { type: 'string', default: '5000', value: '<n>', description: 'workflows in a burst (unloaded: at most 300)' },
    only: { type: 'string', value: '<system>', description: `one system: ${SYSTEMS.join(', ')}` },
  },
  notes: ['environment: CHAIN4_CONCURRENCY, CHAIN4_BATCH (0: ours without batches), CHAIN4_NODE_OPTIONS (e.g. --cpu-prof), NATS_URL, DATABASE_URL, REDIS_URL', 'example: npm run bench:chain4 -- --workflows 300 --repeat 1'],
} satisfies CliSpec;
const { values } = cli(spec);
const count = (name: string, value: string) => (/^[1-9]\d*$/.test(value) ? Number(value) : exitWithUsageError(spec, `--${name} must be a whole number above 0`));
if (values.only !== undefined && !SYSTEMS.includes(values.only)) exitWithUsageError(spec, `--only must be one of ${SYSTEMS.join(', ')}`);
const { run } = await import('./chain4.run.js');
await run({ repeat: count('repeat', values.repeat), workflows: count('workflows', values.workflows), only: values.only });

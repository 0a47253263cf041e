import { cli, exitWithUsageError } from '../../scripts/cli/cli-args.js';

const spec = {
  command: 'npm run chaos --',
  summary:
    'The whole system on its own NATS and PostgreSQL (under .data/chaos), two replicas of every service, a call-research\n' +
    'campaign, and a seeded schedule of faults; then checks that nothing was lost or done twice. Exits 1 on any violation.',
  options: {
    seed: { type: 'string' as const, value: '<n>', default: '1', description: 'the schedule of faults (same seed, same schedule)' },
  },
  notes: ['environment: CHAOS_CONTACTS (default 250). Takes several minutes; see docs/reliability.md.'],
};
const { values } = cli(spec);
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) exitWithUsageError(spec, `--seed must be a whole number, not '${values.seed}'`);
const { runChaos } = await import('./chaos.run.js');
const report = await runChaos(seed);
process.exit(report.ok ? 0 : 1);

import 'reflect-metadata';

/** One step process: `step.main.ts <ours|bullmq|pg-boss> <step>`; prints `ready` once it consumes. */
const [system, stepArg] = process.argv.slice(2);
const step = Number(stepArg);
const runners: Record<string, () => Promise<{ run: (step: number) => Promise<void> }>> = {
  ours: async () => ({ run: (await import('./ours/chain4-step.app.js')).runOursStep }),
  bullmq: async () => ({ run: (await import('./peers/bullmq.js')).runBullmqStep }),
  'pg-boss': async () => ({ run: (await import('./peers/pg-boss.js')).runPgBossStep }),
};
if (!runners[system] || !(step >= 1 && step <= 4)) {
  console.error('usage: step.main.ts <ours|bullmq|pg-boss> <1-4>');
  process.exit(2);
}
// Node writes a --cpu-prof profile when the process exits, not when a signal ends it (as Nest's
// shutdown hooks do once closed): a profiled step exits at once on SIGTERM instead.
if (process.execArgv.some((option) => option.startsWith('--cpu-prof'))) process.prependOnceListener('SIGTERM', () => process.exit(0));
await (await runners[system]()).run(step);

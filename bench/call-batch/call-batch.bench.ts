import { cli, exitWithUsageError } from '../../scripts/cli/cli-args.js';
import { PROFILES } from './call-batch-profiles.js';

/**
 * 250 calls through the whole pipeline, six services as separate processes on this machine:
 * launch -> dial -> callbacks -> download -> transcribe -> extract -> validate -> COMPLETED.
 */
const spec = {
  command: 'npm run bench:call-batch --',
  summary: 'Calls through the whole pipeline, the six services as separate processes, launch to COMPLETED; both profiles unless one is named.',
  arguments: [`[${Object.keys(PROFILES).join(' | ')}]`],
  options: {},
  notes: ['profiles:', ...Object.entries(PROFILES).map(([key, p]) => `  ${key.padEnd(11)}${p.what}`), 'environment: CALLS (default 250), CPU_PROF_DIR (services write V8 CPU profiles there), CPU_PROF_SERVICE (which: names with commas, default transcription), NATS_URL, DATABASE_URL'],
};
const [wanted] = cli(spec).positionals;
if (wanted && !Object.hasOwn(PROFILES, wanted)) exitWithUsageError(spec, `unknown profile '${wanted}'`);
const { run } = await import('./call-batch.run.js');
for (const [key, profile] of Object.entries(PROFILES)) {
  if (!wanted || wanted === key) await run(profile);
}
process.exit(0);

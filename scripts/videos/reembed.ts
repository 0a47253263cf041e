import { cli, type CliSpec, exitWithUsageError } from '../cli/cli-args.js';

const spec: CliSpec<{
  creator: { type: 'string'; value: string; description: string };
  ids: { type: 'string'; value: string; description: string };
  failed: { type: 'boolean'; description: string };
  job: { type: 'string'; value: string; description: string };
}> = {
  command: 'npm run videos:reembed --',
  summary: 'Starts a re-embed job through the REST API and follows its progress with a progress bar (needs npm start running).',
  options: {
    creator: { type: 'string', value: '<creatorId>', description: "this creator's completed and failed videos" },
    ids: { type: 'string', value: '<id,id,...>', description: 'these videos' },
    failed: { type: 'boolean', description: 'every failed video' },
    job: { type: 'string', value: '<jobId>', description: 'follow a job already started' },
  },
  notes: ['environment, as for npm start: GATEWAY_PORT, SWITCHBOARD_API_KEY (else the first of API_KEYS)'],
};

const { values } = cli(spec);
const chosen = [values.creator, values.ids, values.failed || undefined, values.job].filter((v) => v !== undefined).length;
if (chosen !== 1) exitWithUsageError(spec, 'give exactly one of --creator, --ids, --failed or --job');

const base = `http://127.0.0.1:${process.env.GATEWAY_PORT || 3000}/v1/videos/reembed`;
const apiKey = process.env.SWITCHBOARD_API_KEY ?? (process.env.API_KEYS ?? 'sk-switchboard-dev').split(',')[0].trim();
const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

interface Job {
  id: string;
  status: string;
  total: number;
  requested: number;
  reembedded: number;
  retried: number;
  skipped: number;
  failed: number;
}

async function call(response: Promise<Response>): Promise<Job> {
  const answer = await response;
  const body = (await answer.json()) as { detail?: string };
  if (!answer.ok) throw new Error(`${answer.status}: ${body.detail ?? JSON.stringify(body)}`);
  return body as Job;
}

const { default: progress } = await import('cli-progress');
try {
  let job = values.job
    ? await call(fetch(`${base}/${values.job}`, { headers }))
    : await call(fetch(base, { method: 'POST', headers, body: JSON.stringify(values.creator ? { creatorId: values.creator } : values.ids ? { videoIds: values.ids.split(',') } : { allFailed: true }) }));
  console.log(`re-embed job ${job.id}: ${job.total} videos`);
  const bar = new progress.SingleBar({ format: '{bar} {value}/{total} videos | re-embedded {reembedded} retried {retried} skipped {skipped} failed {failed}' }, progress.Presets.shades_classic);
  const done = (j: Job) => j.reembedded + j.retried + j.skipped + j.failed;
  bar.start(job.total, done(job), job);
  while (job.status !== 'COMPLETED') {
    await new Promise((resolve) => setTimeout(resolve, 500));
    job = await call(fetch(`${base}/${job.id}`, { headers }));
    bar.update(done(job), job);
  }
  bar.stop();
} catch (error) {
  console.error(`re-embed failed: ${(error as Error).message}`);
  process.exit(1);
}

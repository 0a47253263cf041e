import { schemaName } from '@switchboard/event-store';
import { ReplayGenerations, replayConsumer } from '@switchboard/eventing';
import { UsageError } from '../cli/cli-args.js';
import type { replay } from './replay.command.js';
import { type OpsRun, progress, wholeNumber } from './ops-command.js';

export const run: OpsRun<typeof replay.spec.options> = async (ops, { values }) => {
  if (!values.consumer || (!values['from-seq'] && !values.since)) {
    throw new UsageError('expected replay --consumer <name> (--from-seq <n> | --since <ISO time>)');
  }
  const start = values['from-seq'] ? { fromSequence: wholeNumber('--from-seq', values['from-seq']) } : { since: isoTime(values.since!) };
  const jsm = await (await ops.connection()).jetstreamManager();
  const name = ops.namespace ? `${ops.namespace}_${values.consumer}` : values.consumer;
  let stream: string | undefined;
  for await (const candidate of jsm.streams.list()) {
    if (await jsm.consumers.info(candidate.config.name, name).then(() => true, () => false)) stream = candidate.config.name;
  }
  if (!stream) throw new UsageError(`no durable consumer ${name}`);
  // Durable names are `<service>-<purpose>`: the generation is recorded in that service's schema.
  const generations = new ReplayGenerations(ops.db(), schemaName(ops.namespace, values.consumer.split('-')[0]));
  const { generation, pending } = await replayConsumer(jsm, stream, name, start, generations);
  console.log(`${name} on ${stream}: replay generation ${generation}, ${pending} messages to reprocess`);
  const startedAt = Date.now();
  for (;;) {
    const info = await jsm.consumers.info(stream, name);
    const left = info.num_pending + info.num_ack_pending;
    progress('reprocessed', pending - Math.min(left, pending), pending, startedAt);
    if (left === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log('\ndone');
};

function isoTime(raw: string): Date {
  const time = new Date(raw);
  if (Number.isNaN(time.getTime())) throw new UsageError(`--since must be an ISO time, not '${raw}'`);
  return time;
}

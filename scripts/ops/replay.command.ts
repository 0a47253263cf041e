import { schemaName } from '@switchboard/event-store';
import { ReplayGenerations, replayConsumer } from '@switchboard/eventing';
import { type OpsContext, progress, UsageError } from './ops-context.js';

/** Rewinds a durable consumer so its handlers reprocess, and follows it until it has caught up. */
export async function replay(ops: OpsContext, options: { consumer?: string; fromSeq?: string; since?: string }): Promise<void> {
  if (!options.consumer || (!options.fromSeq && !options.since)) {
    throw new UsageError('replay --consumer <name> (--from-seq <n> | --since <ISO time>)');
  }
  const jsm = await (await ops.connection()).jetstreamManager();
  const name = ops.namespace ? `${ops.namespace}_${options.consumer}` : options.consumer;
  let stream: string | undefined;
  for await (const candidate of jsm.streams.list()) {
    if (await jsm.consumers.info(candidate.config.name, name).then(() => true, () => false)) stream = candidate.config.name;
  }
  if (!stream) throw new UsageError(`no durable consumer ${name}`);
  const start = options.fromSeq ? { fromSequence: Number(options.fromSeq) } : { since: new Date(options.since!) };
  // Durable names are `<service>-<purpose>`: the generation is recorded in that service's schema.
  const generations = new ReplayGenerations(ops.db(), schemaName(ops.namespace, options.consumer.split('-')[0]));
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
}

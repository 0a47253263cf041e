import { DeliverPolicy, type JetStreamManager } from 'nats';
import { describeGeneration, replayGeneration } from '../provisioning/replay-generation.js';
import type { ReplayGenerations } from '../provisioning/replay-generation.store.js';

export type ReplayStart = { fromSequence: number } | { since: Date };

/**
 * Rewinds a durable consumer so its handlers reprocess from a stream sequence or a time: the
 * consumer is recreated with the same settings, the new start, and the next replay generation
 * (so the inbox lets the replayed events through). Running replicas pick it up by themselves.
 * With `generations` (the consumer's service schema) the new generation is recorded before the
 * consumer is touched, so it survives the consumer's loss even if no replica has seen it yet.
 */
export async function replayConsumer(
  jsm: JetStreamManager,
  stream: string,
  consumer: string,
  start: ReplayStart,
  generations?: ReplayGenerations,
): Promise<{ generation: number; pending: number }> {
  const { config } = await jsm.consumers.info(stream, consumer);
  const generation = Math.max(replayGeneration(config.description), (await generations?.latest(consumer)) ?? 0) + 1;
  await generations?.record(consumer, generation);
  const from =
    'fromSequence' in start
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start.fromSequence }
      : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: start.since.toISOString() };
  await jsm.consumers.delete(stream, consumer);
  const { num_pending } = await jsm.consumers.add(stream, {
    durable_name: consumer,
    filter_subject: config.filter_subject,
    ack_policy: config.ack_policy,
    ack_wait: config.ack_wait,
    max_deliver: config.max_deliver,
    max_ack_pending: config.max_ack_pending,
    description: describeGeneration(generation),
    ...from,
  });
  return { generation, pending: num_pending };
}

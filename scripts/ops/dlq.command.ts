import { DeadLetterQueue } from '@switchboard/eventing';
import { type OpsContext, UsageError } from './ops-context.js';

/** `dlq list`, `dlq show <seq>`, `dlq redrive <seq>|--all`. */
export async function dlq(ops: OpsContext, action: string | undefined, target: string | undefined, all: boolean): Promise<void> {
  const connection = await ops.connection();
  const queue = new DeadLetterQueue(await connection.jetstreamManager(), connection.jetstream(), ops.namespace);
  if (action === 'list') {
    const letters = await queue.list(1_000);
    if (letters.length === 0) return console.log('the dead letter queue is empty');
    console.table(
      letters.map((l) => ({
        seq: l.seq,
        parked: l.parkedAt.toISOString(),
        consumer: l.consumer,
        reason: l.reason,
        attempts: l.attempts,
        subject: l.originalSubject,
        error: l.error.slice(0, 80),
      })),
    );
  } else if (action === 'show' && target) {
    const letter = await queue.show(Number(target));
    if (!letter) throw new UsageError(`no dead letter #${target}`);
    console.log(JSON.stringify(letter, null, 2));
  } else if (action === 'redrive' && (target || all)) {
    const seqs = all ? (await queue.list(100_000)).map((l) => l.seq) : [Number(target)];
    for (const seq of seqs) {
      const { redriven, removed, refused } = await queue.redrive(seq);
      if (refused) console.log(`#${seq}: not redriven, ${refused}`);
      else console.log(`#${seq}: ${redriven ? 'redriven' : 'not found'}${redriven && !removed ? ' (kept in the DLQ: it refuses deletes)' : ''}`);
    }
  } else {
    throw new UsageError('dlq list | dlq show <seq> | dlq redrive <seq> | dlq redrive --all');
  }
}

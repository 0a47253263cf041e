import { DeadLetterQueue } from '@switchboard/eventing';
import { UsageError } from '../cli/cli-args.js';
import { ACTIONS, type dlq } from './dlq.command.js';
import { type OpsRun, wholeNumber } from './ops-command.js';

export const run: OpsRun<typeof dlq.spec.options> = async (ops, { values: { all }, positionals: [action, target] }) => {
  const seq = target === undefined ? undefined : wholeNumber('<seq>', target);
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
  } else if (action === 'show' && seq !== undefined) {
    const letter = await queue.show(seq);
    if (!letter) throw new UsageError(`no dead letter #${seq}`);
    console.log(JSON.stringify(letter, null, 2));
  } else if (action === 'redrive' && (seq !== undefined || all)) {
    const seqs = all ? (await queue.list(100_000)).map((l) => l.seq) : [seq!];
    for (const one of seqs) {
      const { redriven, removed, refused } = await queue.redrive(one);
      if (refused) console.log(`#${one}: not redriven, ${refused}`);
      else console.log(`#${one}: ${redriven ? 'redriven' : 'not found'}${redriven && !removed ? ' (kept in the DLQ: it refuses deletes)' : ''}`);
    }
  } else {
    throw new UsageError(`expected ${ACTIONS}`);
  }
};

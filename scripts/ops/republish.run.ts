import { EVENT_HEADERS, names } from '@switchboard/eventing';
import { EventStore, schemaName } from '@switchboard/event-store';
import { headers } from 'nats';
import { UsageError } from '../cli/cli-args.js';
import type { republish } from './republish.command.js';
import { type OpsRun, progress, wholeNumber } from './ops-command.js';

export const run: OpsRun<typeof republish.spec.options> = async (ops, { values }) => {
  if (!values.service) throw new UsageError('expected republish --service <name> [--from-position <n>]');
  const [service] = ops.services(values.service);
  const after = String(Math.max(0, wholeNumber('--from-position', values['from-position']) - 1));
  const store = new EventStore(ops.db(), schemaName(ops.namespace, service));
  const { rows } = await ops.db().query(
    `SELECT count(*)::int AS total FROM "${store.schema}".events WHERE global_position > $1`,
    [after],
  );
  const total: number = rows[0].total;
  const js = (await ops.connection()).jetstream();
  const run = Date.now().toString(36);
  const startedAt = Date.now();
  let done = 0;
  for (let position = after; ; ) {
    const events = await store.readFromPosition(position, 500);
    if (events.length === 0) break;
    await Promise.all(
      events.map((event) => {
        const h = headers();
        h.set(EVENT_HEADERS.type, `${event.type}.v${event.version}`);
        h.set(EVENT_HEADERS.streamId, event.streamId);
        h.set(EVENT_HEADERS.correlationId, event.correlationId);
        const subject = names.wireSubject(ops.namespace, `${event.type}.v${event.version}`);
        return js.publish(subject, JSON.stringify(event), { headers: h, msgID: `republish:${run}:${event.id}` });
      }),
    );
    done += events.length;
    position = events.at(-1)!.globalPosition!;
    progress(`republished ${service}`, done, total, startedAt);
  }
  console.log(`\n${done} events republished`);
};

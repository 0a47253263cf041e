import { EVENT_HEADERS, names } from '@switchboard/eventing';
import { EventStore, schemaName } from '@switchboard/event-store';
import { headers } from 'nats';
import { type OpsContext, progress, UsageError } from './ops-context.js';

/**
 * Publishes a service's stored events again from a global position: for a stream that lost data.
 * Message ids are fresh, so JetStream's duplicate window does not drop them; consumers' inboxes
 * skip what they have already handled.
 */
export async function republish(ops: OpsContext, options: { service?: string; fromPosition?: string }): Promise<void> {
  if (!options.service) throw new UsageError('republish --service <name> [--from-position <n>]');
  const [service] = ops.services(options.service);
  const store = new EventStore(ops.db(), schemaName(ops.namespace, service));
  const after = String(Math.max(0, Number(options.fromPosition ?? 1) - 1));
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
}

import { EVENT_HEADERS, names } from '@switchboard/eventing';
import { DeliverPolicy } from 'nats';
import type { tail } from './tail.command.js';
import type { OpsRun } from './ops-command.js';

export const run: OpsRun<typeof tail.spec.options> = async (ops, { positionals: [filter] }) => {
  const domain = filter.split('.')[0];
  const connection = await ops.connection();
  const consumer = await connection.jetstream().consumers.get(names.domainStreamName(ops.namespace, domain), {
    filterSubjects: names.wireSubject(ops.namespace, filter),
    deliver_policy: DeliverPolicy.New,
  });
  console.log(`following ${names.wireSubject(ops.namespace, filter)} (Ctrl-C to stop)`);
  for await (const message of await consumer.consume()) {
    const event = message.json<{ id: string; streamId: string; payload: unknown }>();
    const traceId = message.headers?.get(EVENT_HEADERS.traceparent)?.split('-')[1] ?? '-';
    console.log(
      `${new Date(message.info.timestampNanos / 1e6).toISOString()}  ${names.eventSubject(ops.namespace, message.subject)}` +
        `  ${event.streamId}  ${event.id}  trace ${traceId}\n    ${JSON.stringify(event.payload)}`,
    );
  }
};

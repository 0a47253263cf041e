import { schemaName } from '@switchboard/event-store';
import type { trace } from './trace.command.js';
import type { OpsRun } from './ops-command.js';

export const run: OpsRun<typeof trace.spec.options> = async (ops, { positionals: [correlationId] }) => {
  const found = [];
  for (const service of ops.services()) {
    const schema = schemaName(ops.namespace, service);
    const { rows } = await ops
      .db()
      .query(
        `SELECT occurred_at, event_id, stream_id, stream_position, type, version, metadata->>'traceparent' AS traceparent
         FROM "${schema}".events WHERE metadata->>'correlationId' = $1`,
        [correlationId],
      )
      .catch(() => ({ rows: [] }));
    found.push(...rows.map((row) => ({ service, ...row })));
  }
  found.sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime());
  if (found.length === 0) return console.log(`no events with correlation id ${correlationId}`);
  for (const e of found) {
    const traceId = e.traceparent?.split('-')[1] ?? '-';
    console.log(`${e.occurred_at.toISOString()}  ${e.service.padEnd(13)} ${e.type}.v${e.version}  ${e.stream_id}#${e.stream_position}  ${e.event_id}  trace ${traceId}`);
  }
};

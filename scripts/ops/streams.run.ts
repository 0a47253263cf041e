import type { streams } from './streams.command.js';
import type { OpsRun } from './ops-command.js';

export const run: OpsRun<typeof streams.spec.options> = async (ops) => {
  const jsm = await (await ops.connection()).jetstreamManager();
  const prefix = ops.namespace ? `${ops.namespace.toUpperCase()}_` : '';
  const rows = [];
  for await (const stream of jsm.streams.list()) {
    const name = stream.config.name;
    if (prefix ? !name.startsWith(prefix) : name.includes('_')) continue;
    rows.push({ stream: name, consumer: '', messages: stream.state.messages, pending: '', 'ack pending': '', redelivered: '' });
    for await (const consumer of jsm.consumers.list(name)) {
      rows.push({
        stream: '',
        consumer: consumer.name,
        messages: '',
        pending: consumer.num_pending,
        'ack pending': consumer.num_ack_pending,
        redelivered: consumer.num_redelivered,
      });
    }
  }
  if (rows.length === 0) console.log(`no streams in namespace "${ops.namespace}"`);
  else console.table(rows);
};

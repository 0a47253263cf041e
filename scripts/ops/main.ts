import { parseArgs } from 'node:util';
import { dlq } from './dlq.command.js';
import { OpsContext, UsageError } from './ops-context.js';
import { replay } from './replay.command.js';
import { republish } from './republish.command.js';
import { streams } from './streams.command.js';
import { tail } from './tail.command.js';
import { trace } from './trace.command.js';
import { waiting } from './waiting.command.js';

const USAGE = `usage: npm run ops -- <command>   (namespace from SWITCHBOARD_NAMESPACE)

  streams                                   streams and durable consumers: pending, ack pending, redelivered
  tail <subject filter>                     follow events live, decoded, with trace ids
  replay --consumer <name> --from-seq <n>   reprocess from a stream sequence (or --since <ISO time>)
  republish --service <name> [--from-position <n>]
                                            publish a service's stored events again
  dlq list | dlq show <seq> | dlq redrive <seq> | dlq redrive --all
  trace <correlation id>                    every event of one workflow, across all services
  waiting [--service <name>] [--json]       timers, debounced keys, rate limits, concurrency, retries, deferred`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    service: { type: 'string' },
    consumer: { type: 'string' },
    'from-seq': { type: 'string' },
    since: { type: 'string' },
    'from-position': { type: 'string' },
    all: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const ops = new OpsContext();
const [command, first, second] = positionals;
try {
  switch (command) {
    case 'streams':
      await streams(ops);
      break;
    case 'tail':
      await tail(ops, first);
      break;
    case 'replay':
      await replay(ops, { consumer: values.consumer, fromSeq: values['from-seq'], since: values.since });
      break;
    case 'republish':
      await republish(ops, { service: values.service, fromPosition: values['from-position'] });
      break;
    case 'dlq':
      await dlq(ops, first, second, values.all);
      break;
    case 'trace':
      await trace(ops, first);
      break;
    case 'waiting':
      await waiting(ops, { service: values.service, json: values.json });
      break;
    default:
      throw new UsageError(USAGE);
  }
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `ops ${command} failed: ${String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
} finally {
  await ops.close();
}

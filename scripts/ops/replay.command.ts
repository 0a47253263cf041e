import { opsCommand } from './ops-command.js';

/** Rewinds a durable consumer so its handlers reprocess, and follows it until it has caught up. */
export const replay = opsCommand('replay', {
  summary: 'reprocess through a durable consumer from a stream sequence or a time, following it until it has caught up',
  options: {
    consumer: { type: 'string', value: '<name>', description: 'the durable consumer, <service>-<purpose>' },
    'from-seq': { type: 'string', value: '<n>', description: 'the first stream sequence to reprocess' },
    since: { type: 'string', value: '<ISO time>', description: 'or: what arrived since this time' },
  },
}).runs(() => import('./replay.run.js'));

import { opsCommand } from './ops-command.js';

/**
 * Publishes a service's stored events again from a global position: for a stream that lost data.
 * Message ids are fresh, so JetStream's duplicate window does not drop them; consumers' inboxes
 * skip what they have already handled.
 */
export const republish = opsCommand('republish', {
  summary: "publish a service's stored events again, for a stream that lost data",
  options: {
    service: { type: 'string', value: '<name>', description: 'whose event store' },
    'from-position': { type: 'string', value: '<n>', default: '1', description: 'the first global position to publish' },
  },
}).runs(() => import('./republish.run.js'));

import { opsCommand } from './ops-command.js';

/** Every event of one workflow (one correlation id), across all services' stores, in time order. */
export const trace = opsCommand('trace', {
  summary: "every event of one workflow across all services' stores, in time order (a campaign's id is its correlation id)",
  arguments: ['<correlation id>'],
  options: {},
}).runs(() => import('./trace.run.js'));

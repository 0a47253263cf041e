import { opsCommand } from './ops-command.js';

/** Follows events live on a subject filter (e.g. `telephony.call.>`), decoded, with trace ids. */
export const tail = opsCommand('tail', {
  summary: 'follow events live, decoded, with trace ids (Ctrl-C stops)',
  arguments: ['<subject filter>'],
  options: {},
  notes: ['example: npm run ops -- tail telephony.call.>'],
}).runs(() => import('./tail.run.js'));

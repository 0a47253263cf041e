import { opsCommand } from './ops-command.js';

/** What each service has waiting, and why. */
export const waiting = opsCommand('waiting', {
  summary: 'timers, debounced keys, rate limits, concurrency, retries and deferred work, per service',
  options: {
    service: { type: 'string', value: '<name>', description: 'only this service (default: all)' },
    json: { type: 'boolean', description: 'one JSON object per service' },
  },
}).runs(() => import('./waiting.run.js'));

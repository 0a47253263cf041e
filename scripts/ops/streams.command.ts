import { opsCommand } from './ops-command.js';

/** The namespace's streams and their durable consumers, with what they still have to do. */
export const streams = opsCommand('streams', { summary: 'streams and durable consumers: pending, ack pending, redelivered', options: {} }).runs(() => import('./streams.run.js'));

import { opsCommand } from './ops-command.js';

export const ACTIONS = 'dlq list | dlq show <seq> | dlq redrive <seq> | dlq redrive --all';

/** `dlq list`, `dlq show <seq>`, `dlq redrive <seq>|--all`. */
export const dlq = opsCommand('dlq', {
  summary: 'the dead letter queue: list it, show one letter, redrive one or all',
  arguments: ['<list | show | redrive>', '[<seq>]'],
  options: { all: { type: 'boolean', description: 'with redrive: every dead letter' } },
  notes: [`one of: ${ACTIONS}`],
}).runs(() => import('./dlq.run.js'));

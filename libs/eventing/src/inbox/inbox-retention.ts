import type { RetentionRule } from '@switchboard/durable';
import pg from 'pg';

/**
 * The inbox record of an event is only needed while that event can still arrive again: a
 * redelivery (attempts x backoff, minutes), a publish JetStream did not dedupe (its duplicate
 * window, 2 min), an operator's republish. Past `keepMs` (days) it is deleted.
 */
export function inboxRetentionRule(schema: string, keepMs: number): RetentionRule {
  return { table: `${pg.escapeIdentifier(schema)}.inbox`, column: 'processed_at', keepMs };
}

import { durableRetentionRules, failedAttemptsRetentionRule, Retention } from '@switchboard/durable';
import { inboxRetentionRule } from '@switchboard/eventing';
import type pg from 'pg';
import type { ServiceConfig } from '../config/service-config.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * What a service deletes, and when: its inbox and its durable tables, pruned hourly. The log of
 * failed attempts is kept as long as the inbox: both explain what happened to an event.
 */
export function serviceRetention(
  pool: pg.Pool,
  schema: string,
  config: Pick<ServiceConfig, 'INBOX_RETENTION_DAYS' | 'DURABLE_RETENTION_HOURS'>,
): Retention {
  return new Retention(
    pool,
    [
      inboxRetentionRule(schema, config.INBOX_RETENTION_DAYS * DAY_MS),
      failedAttemptsRetentionRule(schema, config.INBOX_RETENTION_DAYS * DAY_MS),
      ...durableRetentionRules(schema, config.DURABLE_RETENTION_HOURS * HOUR_MS),
    ],
    { everyMs: HOUR_MS },
  );
}

import { Logger } from '@nestjs/common';
import pg from 'pg';
import { type Clock, systemClock } from '../clock/clock.js';
import { WakeableSleep } from '../clock/wakeable-sleep.js';

/** Rows of `table` whose `column` is older than `keepMs` are of no further use and are deleted. */
export interface RetentionRule {
  /** Schema-qualified, already escaped: `"ns_telephony".inbox`. */
  table: string;
  column: string;
  keepMs: number;
}

export interface RetentionOptions {
  clock?: Clock;
  /** Rows deleted per transaction: short transactions never hold the relay back (ADR 0003). */
  batchSize?: number;
  /** Pause between runs of the loop. */
  everyMs?: number;
}

/**
 * Deletes what the service no longer needs (inbox records, rate-limit starts, expired leases,
 * stale retry notes), rule by rule, in small batches. Replicas may run it at once: a delete of
 * rows past their retention is the same whoever does it, and SKIP LOCKED keeps them apart.
 */
export class Retention {
  private readonly logger = new Logger(Retention.name);
  private readonly clock: Clock;
  private readonly pause = new WakeableSleep();
  private loop?: Promise<void>;

  constructor(
    private readonly pool: pg.Pool,
    private readonly rules: RetentionRule[],
    private readonly options: RetentionOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
  }

  /** One pass over every rule; returns the rows deleted per table. */
  async prune(): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const rule of this.rules) deleted[rule.table] = await this.pruneRule(rule);
    return deleted;
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.pause.stop();
    await this.loop;
  }

  private async pruneRule({ table, column, keepMs }: RetentionRule): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - keepMs);
    const batch = this.options.batchSize ?? 1_000;
    let total = 0;
    for (;;) {
      const { rowCount } = await this.pool.query(
        `DELETE FROM ${table} WHERE ctid IN (
           SELECT ctid FROM ${table} WHERE ${pg.escapeIdentifier(column)} < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [cutoff, batch],
      );
      total += rowCount ?? 0;
      if ((rowCount ?? 0) < batch || this.pause.stopped) return total;
    }
  }

  private async run(): Promise<void> {
    while (!this.pause.stopped) {
      try {
        const deleted = Object.entries(await this.prune()).filter(([, count]) => count > 0);
        if (deleted.length) this.logger.log(`pruned ${deleted.map(([table, count]) => `${count} from ${table}`).join(', ')}`);
      } catch (error) {
        this.logger.warn(`pruning failed, next try in ${this.options.everyMs ?? 3_600_000} ms: ${String(error)}`);
      }
      // A stop that came during the pass returns this at once: it does not wait an hour.
      await this.pause.sleep(this.options.everyMs ?? 3_600_000);
    }
  }
}

/** The durable primitives' tables: what outlives its use there, given how long to keep it. */
export function durableRetentionRules(schema: string, keepMs: number): RetentionRule[] {
  const s = pg.escapeIdentifier(schema);
  return [
    // A start older than the longest rate window counts for nothing (the limiter only prunes keys it sees again).
    { table: `${s}.rate_limit_starts`, column: 'started_at', keepMs },
    // A lease expired long ago belongs to a replica that died holding it.
    { table: `${s}.concurrency_leases`, column: 'expires_at', keepMs },
    // A note of a retry due long ago whose outcome never cleared it (its consumer was replayed or removed).
    { table: `${s}.scheduled_retries`, column: 'next_attempt_at', keepMs },
  ];
}

import { checkOut } from '@switchboard/event-store';
import { handlerConnectionWait } from '@switchboard/telemetry';
import pg from 'pg';
import { type InboxBatchEntry, type InboxBatchResult, runInboxBatch, UNIQUE_VIOLATION } from './inbox-batch.js';

export type InboxOutcome = 'handled' | 'duplicate';

/**
 * Exactly-once effects for at-least-once delivery: a handler's writes and the record that its
 * consumer processed the event commit in one transaction, so a redelivered or republished event
 * finds the record and is skipped.
 */
export class Inbox {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.inbox`;
  }

  /** Whether the consumer already processed the event: a cheap look before taking any resources. */
  async seen(consumer: string, eventId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${this.table} WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
    return Boolean(rowCount);
  }

  /** Several deliveries in one transaction, a savepoint each (inbox-batch.ts); results in the entries' order. */
  runBatch(entries: InboxBatchEntry[]): Promise<InboxBatchResult[]> {
    return runInboxBatch(this.pool, this.table, entries);
  }

  async runOnce(
    consumer: string,
    eventId: string,
    effects: (tx: pg.PoolClient) => Promise<void>,
  ): Promise<InboxOutcome> {
    const waited = handlerConnectionWait.startTimer({ consumer });
    const { tx, release } = await checkOut(this.pool);
    waited();
    try {
      // BEGIN, a lock on (consumer, event) and the duplicate check in one round trip (a
      // multi-statement query takes no parameters, hence the escaped literals): this runs before
      // every handler. The lock makes a second delivery of the event wait while the first runs
      // its effects (a provider call cannot be rolled back), then find its record and skip. An
      // advisory lock assigns no transaction id, so the append stays the first write (ADR 0003).
      const lockKey = pg.escapeLiteral(`inbox:${consumer}:${eventId}`);
      const [, , seen] = (await tx.query(
        `BEGIN; SELECT pg_advisory_xact_lock(hashtextextended(${lockKey}, 0)); ` +
          `SELECT 1 FROM ${this.table} WHERE consumer = ${pg.escapeLiteral(consumer)} AND event_id = ${pg.escapeLiteral(eventId)}`,
      )) as unknown as [pg.QueryResult, pg.QueryResult, pg.QueryResult];
      if (seen.rowCount) {
        await tx.query('ROLLBACK');
        return 'duplicate';
      }
      // The record is written after the effects: the handler's event append stays the
      // transaction's first write, which keeps the store's gapless read order (ADR 0003).
      await effects(tx);
      // The record and the COMMIT travel in one round trip. A record already there (written by an
      // older replica, which holds no lock) fails the INSERT, so nothing commits: its effects stand, ours go.
      try {
        await tx.query(
          `INSERT INTO ${this.table} (consumer, event_id, processed_at) VALUES (${pg.escapeLiteral(consumer)}, ${pg.escapeLiteral(eventId)}, now()); COMMIT`,
        );
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        await tx.query('ROLLBACK');
        return 'duplicate';
      }
      return 'handled';
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      release();
    }
  }
}

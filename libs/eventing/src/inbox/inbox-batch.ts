import { checkOut } from '@switchboard/event-store';
import { handlerConnectionWait } from '@switchboard/telemetry';
import pg from 'pg';

/** One delivery of a batch: its inbox key, and the handler's effects, run in the batch's transaction. */
export interface InboxBatchEntry {
  /** The inbox key (consumer and replay generation) the record is written under. */
  consumer: string;
  eventId: string;
  /** Runs the effects, or answers 'skipped' before writing anything when the entry must not run now. */
  run(tx: pg.PoolClient): Promise<'skipped' | void>;
}

export type InboxBatchResult = { outcome: 'handled' } | { outcome: 'duplicate' } | { outcome: 'skipped' } | { outcome: 'failed'; error: unknown };

export const UNIQUE_VIOLATION = '23505';
/** Reused for every entry: ROLLBACK TO and RELEASE act on the most recent savepoint of the name. */
const SAVEPOINT = 'inbox_batch_entry';

const lockKey = (entry: InboxBatchEntry) => `inbox:${entry.consumer}:${entry.eventId}`;
const record = (table: string, entry: InboxBatchEntry) =>
  `INSERT INTO ${table} (consumer, event_id, processed_at) VALUES (${pg.escapeLiteral(entry.consumer)}, ${pg.escapeLiteral(entry.eventId)}, now())`;

/**
 * Several deliveries in one transaction, each behind a savepoint so that one failure does not undo
 * the others (ADR 0005, #18). One round trip opens it: BEGIN, the advisory locks of every entry in
 * key order (two batches never take them in opposite orders, so they cannot deadlock on them; the
 * locks assign no transaction id), the duplicate check for all, and the first SAVEPOINT. Then per
 * entry its effects, and its record folded with RELEASE and the next SAVEPOINT (with COMMIT after
 * the last). Entries run in the order given. Rejects, with nothing committed, when the transaction
 * as a whole fails (the connection lost, the COMMIT refused): the caller decides what each entry
 * does then.
 */
export async function runInboxBatch(pool: pg.Pool, table: string, entries: InboxBatchEntry[]): Promise<InboxBatchResult[]> {
  const waited = handlerConnectionWait.startTimer({ consumer: entries[0].consumer });
  const { tx, release } = await checkOut(pool);
  waited();
  const results: InboxBatchResult[] = [];
  let committed = false;
  try {
    const keys = [...new Set(entries.map(lockKey))].sort();
    const pairs = entries.map((entry) => `(${pg.escapeLiteral(entry.consumer)}, ${pg.escapeLiteral(entry.eventId)})`);
    const opened = (await tx.query(
      `BEGIN; SELECT ${keys.map((key) => `pg_advisory_xact_lock(hashtextextended(${pg.escapeLiteral(key)}, 0))`).join(', ')}; ` +
        `SELECT consumer, event_id::text AS event_id FROM ${table} WHERE (consumer, event_id) IN (${pairs.join(', ')}); SAVEPOINT ${SAVEPOINT}`,
    )) as unknown as pg.QueryResult[];
    const seen = new Set(opened[2].rows.map((row: { consumer: string; event_id: string }) => `${row.consumer}:${row.event_id}`));
    // A second copy of an event in the batch runs nothing: it shares the first copy's outcome.
    const outcomeOf = new Map<string, InboxBatchResult['outcome']>();
    for (const [index, entry] of entries.entries()) {
      const key = `${entry.consumer}:${entry.eventId}`;
      const earlier = outcomeOf.get(key);
      if (seen.has(key) || earlier === 'handled' || earlier === 'duplicate') {
        results.push({ outcome: 'duplicate' });
        continue;
      }
      if (earlier) {
        results.push({ outcome: 'skipped' });
        continue;
      }
      const result = await runEntry(tx, table, entry, index === entries.length - 1);
      committed ||= result.outcome === 'handled' && index === entries.length - 1;
      outcomeOf.set(key, result.outcome);
      results.push(result);
    }
    if (!committed) await tx.query('COMMIT');
    return results;
  } catch (error) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    release();
  }
}

/** One entry behind its savepoint; rejects only when the savepoint cannot be rolled back to (the transaction is lost). */
async function runEntry(tx: pg.PoolClient, table: string, entry: InboxBatchEntry, last: boolean): Promise<InboxBatchResult> {
  let ran: 'skipped' | void;
  try {
    ran = await entry.run(tx);
  } catch (error) {
    await tx.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    return { outcome: 'failed', error };
  }
  if (ran === 'skipped') return { outcome: 'skipped' };
  try {
    // The record after the effects, so that the batch's first write is a handler's (ADR 0003).
    await tx.query(`${record(table, entry)}; ${last ? 'COMMIT' : `RELEASE SAVEPOINT ${SAVEPOINT}; SAVEPOINT ${SAVEPOINT}`}`);
    return { outcome: 'handled' };
  } catch (error) {
    // Written meanwhile by an older replica that takes no lock: its effects stand, this entry's go.
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    await tx.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    return { outcome: 'duplicate' };
  }
}

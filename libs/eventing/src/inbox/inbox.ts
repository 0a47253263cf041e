import pg from 'pg';

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

  async runOnce(
    consumer: string,
    eventId: string,
    effects: (tx: pg.PoolClient) => Promise<void>,
  ): Promise<InboxOutcome> {
    const tx = await this.pool.connect();
    try {
      // BEGIN and the duplicate check in one round trip (a multi-statement query takes no
      // parameters, hence the escaped literals): this runs before every handler.
      const [, seen] = (await tx.query(
        `BEGIN; SELECT 1 FROM ${this.table} WHERE consumer = ${pg.escapeLiteral(consumer)} AND event_id = ${pg.escapeLiteral(eventId)}`,
      )) as unknown as [pg.QueryResult, pg.QueryResult];
      if (seen.rowCount) {
        await tx.query('ROLLBACK');
        return 'duplicate';
      }
      // The record is written after the effects: the handler's event append stays the
      // transaction's first write, which keeps the store's gapless read order (ADR 0003).
      await effects(tx);
      const recorded = await tx.query(
        `INSERT INTO ${this.table} (consumer, event_id, processed_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING`,
        [consumer, eventId],
      );
      if (!recorded.rowCount) {
        // A concurrent delivery of the same event won the race: its effects stand, ours go.
        await tx.query('ROLLBACK');
        return 'duplicate';
      }
      await tx.query('COMMIT');
      return 'handled';
    } catch (error) {
      await tx.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      tx.release();
    }
  }
}

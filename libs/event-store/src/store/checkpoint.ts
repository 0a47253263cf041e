import pg from 'pg';
import { prepared } from '../database/prepared.js';

/**
 * A place in the store's gapless order: the writing transaction's id and the event's global
 * position (both as text, since xid8 and bigint exceed JavaScript numbers).
 */
export interface Checkpoint {
  txId: string;
  position: string;
}

export const START: Checkpoint = { txId: '0', position: '0' };

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Named checkpoints of the readers of one store (projections, the outbox relay). */
export class CheckpointStore {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.checkpoints`;
  }

  async load(name: string, db: Queryable = this.pool): Promise<Checkpoint | undefined> {
    const { rows } = await db.query<Checkpoint>(
      `SELECT tx_id::text AS "txId", position::text AS position FROM ${this.table} WHERE name = $1`,
      [name],
    );
    return rows[0];
  }

  save(name: string, checkpoint: Checkpoint, db: Queryable = this.pool): Promise<void> {
    return this.saveAll([{ name, checkpoint }], db);
  }

  /** Several checkpoints in one statement: one round trip and, outside a transaction, one commit. */
  async saveAll(entries: { name: string; checkpoint: Checkpoint }[], db: Queryable = this.pool): Promise<void> {
    await db.query(
      prepared(
        `INSERT INTO ${this.table} (name, tx_id, position, updated_at)
         SELECT name, tx_id::xid8, position::bigint, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS e(name, tx_id, position)
         ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position, updated_at = now()`,
        [entries.map((e) => e.name), entries.map((e) => e.checkpoint.txId), entries.map((e) => e.checkpoint.position)],
      ),
    );
  }

  async remove(name: string, db: Queryable = this.pool): Promise<void> {
    await db.query(`DELETE FROM ${this.table} WHERE name = $1`, [name]);
  }
}

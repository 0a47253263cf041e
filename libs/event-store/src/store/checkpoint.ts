import pg from 'pg';

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

  async save(name: string, checkpoint: Checkpoint, db: Queryable = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO ${this.table} (name, tx_id, position, updated_at) VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (name) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position, updated_at = now()`,
      [name, checkpoint.txId, checkpoint.position],
    );
  }

  async remove(name: string, db: Queryable = this.pool): Promise<void> {
    await db.query(`DELETE FROM ${this.table} WHERE name = $1`, [name]);
  }
}

import pg from 'pg';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * The small state record each step writes in PostgreSQL (ours and pg-boss): one row per workflow
 * and step, `runs` counting executions so the bench can tell "once" from "at least once".
 */
export class PgStepState {
  private readonly table: string;

  constructor(schema: string) {
    this.table = `${pg.escapeIdentifier(schema)}.chain4_state`;
  }

  async create(db: Queryable): Promise<void> {
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${this.table} (
         workflow_id text NOT NULL, step smallint NOT NULL, at double precision NOT NULL, runs int NOT NULL DEFAULT 1,
         PRIMARY KEY (workflow_id, step))`,
    );
  }

  async record(db: Queryable, workflowId: string, step: number, at: number): Promise<void> {
    await db.query(
      `INSERT INTO ${this.table} (workflow_id, step, at) VALUES ($1, $2, $3)
       ON CONFLICT (workflow_id, step) DO UPDATE SET runs = ${this.table}.runs + 1`,
      [workflowId, step, at],
    );
  }

  async count(db: Queryable, step: number): Promise<number> {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.table} WHERE step = $1`, [step]);
    return rows[0].n;
  }

  async stampsOf(db: Queryable, step: number, ids: string[]): Promise<Map<string, number>> {
    const { rows } = await db.query<{ workflow_id: string; at: number }>(
      `SELECT workflow_id, at FROM ${this.table} WHERE step = $1 AND workflow_id = ANY($2)`,
      [step, ids],
    );
    return new Map(rows.map((row) => [row.workflow_id, row.at]));
  }

  /** What is wrong with the records of `step`, expecting one per workflow, each written once. */
  async problems(db: Queryable, step: number, workflows: number, label: string): Promise<string[]> {
    const { rows } = await db.query<{ n: number; twice: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE runs > 1)::int AS twice FROM ${this.table} WHERE step = $1`,
      [step],
    );
    const { n, twice } = rows[0];
    return [
      ...(n === workflows ? [] : [`${label}: ${n} state records of step ${step}, expected ${workflows}`]),
      ...(twice === 0 ? [] : [`${label}: ${twice} workflows ran step ${step} more than once`]),
    ];
  }
}

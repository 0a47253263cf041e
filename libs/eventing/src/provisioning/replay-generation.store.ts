import pg from 'pg';

/**
 * The durable record of each consumer's replay generation, in the service's schema beside its
 * inbox. The consumer's description carries the generation to running replicas; this record is
 * what a consumer recreated after its loss (or a replay) starts from.
 */
export class ReplayGenerations {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `${pg.escapeIdentifier(schema)}.replay_generations`;
  }

  async latest(consumer: string): Promise<number> {
    const { rows } = await this.pool.query<{ generation: number }>(
      `SELECT generation FROM ${this.table} WHERE consumer = $1`,
      [consumer],
    );
    return rows[0]?.generation ?? 0;
  }

  /** Generations only go up: a replica that saw an older one cannot take the record back. */
  async record(consumer: string, generation: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (consumer, generation) VALUES ($1, $2)
       ON CONFLICT (consumer) DO UPDATE SET generation = GREATEST(${this.table}.generation, EXCLUDED.generation), updated_at = now()`,
      [consumer, generation],
    );
  }
}

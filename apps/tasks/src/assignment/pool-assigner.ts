import { Inject, Injectable } from '@nestjs/common';
import type { Cause } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { Tasks } from '../care.aggregates.js';
import { type Candidate, nextNurse } from './round-robin.js';

/**
 * The one decision point of an assignment pool (a unit): every assignment in the pool is decided
 * under the pool's transaction lock, on the read model as the previous decision committed it, so
 * concurrent tasks are dealt round robin and no nurse goes over capacity.
 */
@Injectable()
export class PoolAssigner {
  constructor(
    private readonly tasks: Tasks,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  /** Takes the pool's lock until `tx` ends. Read-committed statements after it see the last decision. */
  async lock(unit: string, tx: pg.PoolClient): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`switchboard-care-pool:${this.schema}:${unit}`]);
  }

  /** Hands waiting tasks, oldest first, to nurses with room until either runs out. Returns how many. */
  async fill(unit: string, tx: pg.PoolClient, cause: Cause): Promise<number> {
    await this.lock(unit, tx);
    const s = `"${this.schema}"`;
    const { rows: waiting } = await tx.query<{ taskId: string; correlationId: string }>(
      `SELECT task_id AS "taskId" FROM ${s}.tasks WHERE unit = $1 AND status = 'UNASSIGNED' ORDER BY created_at, task_id LIMIT 500`,
      [unit],
    );
    if (!waiting.length) return 0;
    const candidates = await this.candidates(unit, tx);
    let assigned = 0;
    for (const { taskId } of waiting) {
      const nurse = nextNurse(candidates);
      if (!nurse) break;
      await this.tasks.execute(taskId, { type: 'assign', nurseId: nurse.nurseId, reason: 'round-robin' }, { tx, cause: { id: cause.id, correlationId: taskId } });
      nurse.open += 1;
      nurse.lastTurn = Math.max(...candidates.map((c) => c.lastTurn)) + 1;
      assigned += 1;
    }
    return assigned;
  }

  /** Another nurse with room for `taskId` (not `current`), under the pool's lock; undefined if none. */
  async another(unit: string, current: string | undefined, tx: pg.PoolClient): Promise<string | undefined> {
    await this.lock(unit, tx);
    return nextNurse(await this.candidates(unit, tx), current)?.nurseId;
  }

  /** Nurses on an active shift in the pool, with their open tasks and capacity (the largest of their active shifts). */
  private async candidates(unit: string, tx: pg.PoolClient): Promise<Candidate[]> {
    const s = `"${this.schema}"`;
    const { rows } = await tx.query<{ nurseId: string; open: number; capacity: number; lastTurn: string }>(
      `SELECT n.nurse_id AS "nurseId", n.last_turn AS "lastTurn", max(sh.capacity)::int AS capacity,
         (SELECT count(*)::int FROM ${s}.tasks t WHERE t.nurse_id = n.nurse_id AND t.status IN ('ASSIGNED', 'ACKNOWLEDGED')) AS open
       FROM ${s}.nurses n JOIN ${s}.shifts sh ON sh.nurse_id = n.nurse_id AND sh.status = 'ACTIVE' AND sh.unit = $1
       GROUP BY n.nurse_id`,
      [unit],
    );
    return rows.map((r) => ({ ...r, lastTurn: Number(r.lastTurn) }));
  }
}

import {
  type EventEnvelope,
  taskAcknowledged,
  type TaskAssigned,
  taskAssigned,
  type TaskCreated,
  taskCreated,
  taskReleased,
  taskResolved,
  taskSlaBreached,
  taskSlaWarningReached,
} from '@switchboard/contracts';
import type pg from 'pg';

/**
 * `tasks`, and each nurse's turn in the pool's round robin (`nurses.last_turn`). The SLA events are
 * appended by timers, outside any handler: the alerts handler applies them here when it takes them.
 */
export const taskProjection = (schema: string) => {
  const s = `"${schema}"`;
  return async (events: EventEnvelope[], tx: pg.PoolClient): Promise<void> => {
    for (const event of events) {
      const taskId = (event.payload as { taskId: string }).taskId;
      if (event.type === taskCreated.type) {
        const p = event.payload as TaskCreated;
        await tx.query(
          `INSERT INTO ${s}.tasks (task_id, unit, patient_id, episode_id, priority, severity, reason_codes, action_type, sla_minutes, note, status, created_at, due_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'UNASSIGNED', $11, $12)`,
          [p.taskId, p.unit, p.patientId ?? null, p.episodeId ?? null, p.priority, p.severity, JSON.stringify(p.reasonCodes), p.actionType, p.slaMinutes, p.note ?? null, event.occurredAt, p.dueAt],
        );
      } else if (event.type === taskAssigned.type) {
        const p = event.payload as TaskAssigned;
        await tx.query(`UPDATE ${s}.tasks SET status = 'ASSIGNED', nurse_id = $2, assigned_at = $3, acknowledged_at = NULL WHERE task_id = $1`, [taskId, p.nurseId, event.occurredAt]);
        // Assignments of a pool are decided one at a time (its lock), so the next turn is max + 1.
        await tx.query(
          `UPDATE ${s}.nurses SET last_turn = (SELECT max(last_turn) + 1 FROM ${s}.nurses WHERE unit = (SELECT unit FROM ${s}.nurses WHERE nurse_id = $1)) WHERE nurse_id = $1`,
          [p.nurseId],
        );
      } else if (event.type === taskReleased.type) {
        await tx.query(`UPDATE ${s}.tasks SET status = 'UNASSIGNED', nurse_id = NULL WHERE task_id = $1`, [taskId]);
      } else if (event.type === taskAcknowledged.type) {
        await tx.query(`UPDATE ${s}.tasks SET status = 'ACKNOWLEDGED', acknowledged_at = $2 WHERE task_id = $1`, [taskId, event.occurredAt]);
      } else if (event.type === taskResolved.type) {
        await tx.query(`UPDATE ${s}.tasks SET status = 'RESOLVED', resolved_at = $2 WHERE task_id = $1`, [taskId, event.occurredAt]);
      } else if (event.type === taskSlaWarningReached.type) {
        await tx.query(`UPDATE ${s}.tasks SET warned_at = $2 WHERE task_id = $1`, [taskId, event.occurredAt]);
      } else if (event.type === taskSlaBreached.type) {
        await tx.query(`UPDATE ${s}.tasks SET breached_at = $2 WHERE task_id = $1`, [taskId, event.occurredAt]);
      }
    }
  };
};

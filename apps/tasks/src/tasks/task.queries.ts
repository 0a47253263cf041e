import { Controller, Inject, Injectable } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import pg from 'pg';

export interface TaskView {
  id: string;
  status: string;
  nurseId: string | null;
  [field: string]: unknown;
}

export interface TaskFilter {
  status?: string;
  nurseId?: string;
  severity?: string;
  breached?: boolean;
  limit?: number;
}

const COLUMNS = `task_id AS id, unit, patient_id AS "patientId", episode_id AS "episodeId", priority, severity, reason_codes AS "reasonCodes",
  action_type AS "actionType", sla_minutes AS "slaMinutes", note, status, nurse_id AS "nurseId", created_at AS "createdAt", due_at AS "dueAt",
  assigned_at AS "assignedAt", acknowledged_at AS "acknowledgedAt", resolved_at AS "resolvedAt", warned_at AS "warnedAt", breached_at AS "breachedAt",
  breached_at IS NOT NULL AS breached`;

/** Tasks as the API shows them. */
@Controller()
@Injectable()
export class TaskQueries {
  constructor(
    @Inject(pg.Pool) private readonly pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {}

  @OnCommand('tasks.task.get')
  async get(@Payload() query: { taskId: string }): Promise<TaskView> {
    const { rows } = await this.pool.query<TaskView>(`SELECT ${COLUMNS} FROM "${this.schema}".tasks WHERE task_id = $1`, [query.taskId]);
    if (!rows[0]) throw CommandError.notFound(`task ${query.taskId}`);
    return rows[0];
  }

  @OnCommand('tasks.task.list')
  async list(@Payload() filter: TaskFilter): Promise<TaskView[]> {
    const { rows } = await this.pool.query<TaskView>(
      `SELECT ${COLUMNS} FROM "${this.schema}".tasks
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR nurse_id = $2) AND ($3::text IS NULL OR severity = $3)
         AND ($4::boolean IS NULL OR (breached_at IS NOT NULL) = $4)
       ORDER BY created_at DESC LIMIT $5`,
      [filter.status ?? null, filter.nurseId ?? null, filter.severity ?? null, filter.breached ?? null, Math.min(Math.max(Number(filter.limit) || 500, 1), 1_000)],
    );
    return rows;
  }
}

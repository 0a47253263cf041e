import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type EventEnvelope, type ShiftEnded, shiftEnded, type ShiftStarted, shiftStarted, type TaskCreated, taskCreated, type TaskResolved, taskResolved } from '@switchboard/contracts';
import { type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { Tasks } from '../care.aggregates.js';
import { staffingProjection } from '../staffing/staffing.projection.js';
import { PoolAssigner } from './pool-assigner.js';

const RETRY = { attempts: 10, baseDelayMs: 50, maxDelayMs: 2_000, jitter: 0.5 };

/**
 * What can change who should hold a task: a task waiting, a shift starting, capacity freed, a shift
 * ending. Each fills the pool under its lock; none polls.
 */
@Controller()
export class AssignmentHandler {
  private readonly projectStaffing: ReturnType<typeof staffingProjection>;

  constructor(
    private readonly pool: PoolAssigner,
    private readonly tasks: Tasks,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.projectStaffing = staffingProjection(schema);
  }

  @OnEvent(taskCreated, { durable: 'tasks-assign-created', ordered: false, concurrency: 8, retry: RETRY })
  async onCreated(@Payload() event: EventEnvelope<TaskCreated>, @Ctx() context: EventContext): Promise<void> {
    await this.pool.fill(event.payload.unit, context.tx, event);
  }

  @OnEvent(taskResolved, { durable: 'tasks-assign-freed', ordered: false, concurrency: 8, retry: RETRY })
  async onResolved(@Payload() event: EventEnvelope<TaskResolved>, @Ctx() context: EventContext): Promise<void> {
    const { rows } = await context.tx.query<{ unit: string }>(`SELECT unit FROM "${this.schema}".tasks WHERE task_id = $1`, [event.payload.taskId]);
    if (rows[0]) await this.pool.fill(rows[0].unit, context.tx, event);
  }

  /** A shift's start is appended by its timer: its read model is brought up to date here, then the pool filled. */
  @OnEvent(shiftStarted, { durable: 'tasks-assign-shift-started', ordered: false, concurrency: 4, retry: RETRY })
  async onShiftStarted(@Payload() event: EventEnvelope<ShiftStarted>, @Ctx() context: EventContext): Promise<void> {
    await this.projectStaffing([event], context.tx);
    await this.pool.fill(event.payload.unit, context.tx, event);
  }

  /** The nurse's open tasks go back to the pool (unless another shift of theirs goes on) and are dealt again. */
  @OnEvent(shiftEnded, { durable: 'tasks-assign-shift-ended', ordered: false, concurrency: 4, retry: RETRY })
  async onShiftEnded(@Payload() event: EventEnvelope<ShiftEnded>, @Ctx() context: EventContext): Promise<void> {
    const { unit, nurseId } = event.payload;
    await this.pool.lock(unit, context.tx);
    await this.projectStaffing([event], context.tx);
    const s = `"${this.schema}"`;
    const { rows } = await context.tx.query<{ taskId: string }>(
      `SELECT task_id AS "taskId" FROM ${s}.tasks WHERE nurse_id = $1 AND status IN ('ASSIGNED', 'ACKNOWLEDGED')
         AND NOT EXISTS (SELECT 1 FROM ${s}.shifts WHERE nurse_id = $1 AND status = 'ACTIVE')
       ORDER BY created_at`,
      [nurseId],
    );
    for (const { taskId } of rows) {
      await this.tasks.execute(taskId, { type: 'release', reason: 'shift-ended' }, { tx: context.tx, cause: { id: event.id, correlationId: taskId } });
    }
    await this.pool.fill(unit, context.tx, event);
  }
}

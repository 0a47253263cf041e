import {
  type EventEnvelope,
  type ShiftScheduled,
  shiftEnded,
  shiftScheduled,
  shiftStarted,
  type TaskCreated,
  taskCreated,
  taskResolved,
  taskSlaBreached,
  taskSlaWarningReached,
} from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { AggregateHandler, type Cause, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { type NurseCommand, nurseDecider, type NurseEvent, type NurseState, type ShiftCommand, shiftDecider, type ShiftEvent, type ShiftState } from './staffing/staffing.decider.js';
import { staffingProjection } from './staffing/staffing.projection.js';
import { type TaskCommand, taskDecider, type TaskEvent, type TaskState } from './tasks/task.decider.js';
import { taskProjection } from './tasks/task.projection.js';
import { TasksConfig } from './tasks.config.js';

export const nurseStream = (nurseId: string) => `nurse-${nurseId}`;
export const shiftStream = (shiftId: string) => `shift-${shiftId}`;
export const taskStream = (taskId: string) => `task-${taskId}`;

type ExecuteOptions = { tx?: pg.PoolClient; cause?: Cause; trace?: { traceparent?: string; tracestate?: string } };

export class Nurses extends AggregateHandler<NurseCommand, NurseEvent, NurseState> {}

/**
 * Shifts start and end by durable timers scheduled in the transaction that schedules the shift, so
 * a pool hears of a new nurse at the shift's start without anything polling.
 */
export class Shifts extends AggregateHandler<ShiftCommand, ShiftEvent, ShiftState> {
  constructor(
    store: EventStore,
    schema: string,
    private readonly timers: DurableTimers,
  ) {
    super(store, shiftDecider, shiftStream, staffingProjection(schema));
  }

  override async execute(id: string, command: ShiftCommand, options: ExecuteOptions = {}) {
    const result = await super.execute(id, command, options);
    if (!options.tx) return result;
    for (const event of result.events) {
      const correlationId = event.correlationId;
      if (event.type === shiftScheduled.type) {
        const p = event.payload as ShiftScheduled;
        const streamId = shiftStream(p.shiftId);
        await this.timers.schedule({ key: `shift-start-${p.shiftId}`, streamId, event: shiftStarted.create({ shiftId: p.shiftId, unit: p.unit }), correlationId, at: new Date(p.startsAt) }, options.tx);
        await this.timers.schedule(
          { key: `shift-end-${p.shiftId}`, streamId, event: shiftEnded.create({ shiftId: p.shiftId, nurseId: p.nurseId, unit: p.unit }), correlationId, at: new Date(p.endsAt) },
          options.tx,
        );
      }
      // Ended early: its end timer must not end it a second time.
      if (event.type === shiftEnded.type) await this.timers.cancel(`shift-end-${(event.payload as { shiftId: string }).shiftId}`, options.tx);
    }
    return result;
  }
}

/**
 * Tasks keep their SLA timers: the warning (75 %) and the breach (100 %) are scheduled in the
 * transaction that creates the task, and cancelled in the one that resolves it (a cancel that
 * commits means the timer never fires: libs/durable). Reassignment leaves them as they are.
 */
export class Tasks extends AggregateHandler<TaskCommand, TaskEvent, TaskState> {
  // One trace per task: dealt by another task's resolve or a shift's start, or acted on by a later request, it stays in its own.
  protected override readonly inStreamTrace = true;

  constructor(
    store: EventStore,
    schema: string,
    private readonly timers: DurableTimers,
    private readonly config: TasksConfig,
  ) {
    super(store, taskDecider, taskStream, taskProjection(schema));
  }

  override async execute(id: string, command: TaskCommand, options: ExecuteOptions = {}): Promise<{ state: TaskState; events: EventEnvelope[] }> {
    const result = await super.execute(id, command, options);
    if (!options.tx) return result;
    for (const event of result.events) {
      if (event.type === taskCreated.type) await this.startSla(event as EventEnvelope<TaskCreated>, options.tx);
      if (event.type === taskResolved.type) {
        await this.timers.cancel(`sla-warning-${id}`, options.tx);
        await this.timers.cancel(`sla-breach-${id}`, options.tx);
      }
    }
    return result;
  }

  /** When the warning fires: the configured share of the SLA after creation. */
  warningAt(task: TaskCreated, createdAt: Date): Date {
    const slaMs = task.slaMinutes * this.config.CARE_SLA_MINUTE_MS;
    return new Date(createdAt.getTime() + (slaMs * this.config.CARE_SLA_WARNING_PERCENT) / 100);
  }

  private async startSla(event: EventEnvelope<TaskCreated>, tx: pg.PoolClient): Promise<void> {
    const task = event.payload;
    const streamId = taskStream(task.taskId);
    const { correlationId } = event;
    await this.timers.schedule(
      { key: `sla-warning-${task.taskId}`, streamId, event: taskSlaWarningReached.create({ taskId: task.taskId, dueAt: task.dueAt }), correlationId, at: this.warningAt(task, new Date(event.occurredAt)) },
      tx,
    );
    await this.timers.schedule({ key: `sla-breach-${task.taskId}`, streamId, event: taskSlaBreached.create({ taskId: task.taskId, dueAt: task.dueAt }), correlationId, at: new Date(task.dueAt) }, tx);
  }
}

const inject = [EventStore, SERVICE_SCHEMA, DurableTimers, TasksConfig];

/** The tasks service's aggregates, each with its read model. */
export const careAggregates = [
  { provide: Nurses, inject, useFactory: (store: EventStore, schema: string) => new Nurses(store, nurseDecider, nurseStream, staffingProjection(schema)) },
  { provide: Shifts, inject, useFactory: (store: EventStore, schema: string, timers: DurableTimers) => new Shifts(store, schema, timers) },
  { provide: Tasks, inject, useFactory: (store: EventStore, schema: string, timers: DurableTimers, config: TasksConfig) => new Tasks(store, schema, timers, config) },
];

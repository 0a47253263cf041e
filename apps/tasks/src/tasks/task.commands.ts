import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { newEventId, type Severity, type TaskPriority } from '@switchboard/contracts';
import { EventStore } from '@switchboard/event-store';
import { CommandError, OnCommand } from '@switchboard/eventing';
import { PoolAssigner } from '../assignment/pool-assigner.js';
import { Nurses, Tasks } from '../care.aggregates.js';
import { TasksConfig } from '../tasks.config.js';
import { TaskRuleViolation } from './task.decider.js';
import { TaskQueries, type TaskView } from './task.queries.js';

export interface CreateTask {
  patientId?: string;
  episodeId?: string;
  unit?: string;
  priority?: TaskPriority;
  severity: Severity;
  reasonCodes?: string[];
  actionType: string;
  slaMinutes: number;
  note?: string;
}

const asCommandError = (error: unknown): unknown =>
  error instanceof TaskRuleViolation ? new CommandError(error.kind === 'not-found' ? 'NOT_FOUND' : 'CONFLICT', error.message) : error;

/** Escalation tasks by REST: created (then dealt by the pool), acknowledged, reassigned, resolved. */
@Controller()
export class TaskCommands {
  constructor(
    private readonly tasks: Tasks,
    private readonly nurses: Nurses,
    private readonly pool: PoolAssigner,
    private readonly store: EventStore,
    private readonly queries: TaskQueries,
    private readonly config: TasksConfig,
  ) {}

  @OnCommand('tasks.task.create')
  async create(@Payload() command: CreateTask): Promise<TaskView> {
    const taskId = newEventId();
    const dueAt = new Date(Date.now() + command.slaMinutes * this.config.CARE_SLA_MINUTE_MS).toISOString();
    await this.tasks.execute(
      taskId,
      {
        type: 'create',
        taskId,
        unit: command.unit ?? this.config.CARE_DEFAULT_UNIT,
        patientId: command.patientId,
        episodeId: command.episodeId,
        priority: command.priority ?? 'NORMAL',
        severity: command.severity,
        reasonCodes: command.reasonCodes ?? [],
        actionType: command.actionType,
        slaMinutes: command.slaMinutes,
        dueAt,
        note: command.note,
      },
      { cause: { correlationId: taskId } },
    );
    return this.queries.get({ taskId });
  }

  @OnCommand('tasks.task.acknowledge')
  async acknowledge(@Payload() command: { taskId: string; nurseId?: string }): Promise<TaskView> {
    await this.tasks
      .execute(command.taskId, { type: 'acknowledge', nurseId: command.nurseId }, { cause: { correlationId: command.taskId } })
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.queries.get(command);
  }

  @OnCommand('tasks.task.resolve')
  async resolve(@Payload() command: { taskId: string; resolution?: string }): Promise<TaskView> {
    await this.tasks
      .execute(command.taskId, { type: 'resolve', resolution: command.resolution }, { cause: { correlationId: command.taskId } })
      .catch((error) => Promise.reject(asCommandError(error)));
    return this.queries.get(command);
  }

  /** To the nurse named, or to the next nurse of the pool with room; the deadline stays. */
  @OnCommand('tasks.task.reassign')
  async reassign(@Payload() command: { taskId: string; nurseId?: string }): Promise<TaskView> {
    await this.store.transaction(async (tx) => {
      const { state } = await this.tasks.load(command.taskId, tx);
      if (!state.task) throw CommandError.notFound(`task ${command.taskId}`);
      if (state.status === 'RESOLVED') throw new CommandError('CONFLICT', `task ${command.taskId} is resolved`);
      let nurseId = command.nurseId;
      if (nurseId) {
        if (!(await this.nurses.load(nurseId, tx)).state.nurse) throw CommandError.notFound(`nurse ${nurseId}`);
        await this.pool.lock(state.task.unit, tx);
      } else {
        nurseId = await this.pool.another(state.task.unit, state.nurseId, tx);
        if (!nurseId) throw new CommandError('CONFLICT', 'no other nurse on shift has room for the task');
      }
      await this.tasks.execute(command.taskId, { type: 'assign', nurseId, reason: 'reassigned' }, { tx, cause: { correlationId: command.taskId } });
    });
    return this.queries.get(command);
  }
}

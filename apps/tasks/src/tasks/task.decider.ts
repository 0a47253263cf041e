import {
  type NewEvent,
  type TaskAcknowledged,
  taskAcknowledged,
  type TaskAssigned,
  taskAssigned,
  type TaskCreated,
  taskCreated,
  type TaskReleased,
  taskReleased,
  type TaskResolved,
  taskResolved,
  type TaskSlaBreached,
  taskSlaBreached,
  type TaskSlaWarningReached,
  taskSlaWarningReached,
} from '@switchboard/contracts';
import type { Decider } from '@switchboard/event-store';

export type TaskStatus = 'UNASSIGNED' | 'ASSIGNED' | 'ACKNOWLEDGED' | 'RESOLVED';

export type TaskEvent =
  | NewEvent<TaskCreated, typeof taskCreated.type>
  | NewEvent<TaskAssigned, typeof taskAssigned.type>
  | NewEvent<TaskReleased, typeof taskReleased.type>
  | NewEvent<TaskAcknowledged, typeof taskAcknowledged.type>
  | NewEvent<TaskResolved, typeof taskResolved.type>
  | NewEvent<TaskSlaWarningReached, typeof taskSlaWarningReached.type>
  | NewEvent<TaskSlaBreached, typeof taskSlaBreached.type>;

export type TaskCommand =
  | ({ type: 'create' } & TaskCreated)
  | { type: 'assign'; nurseId: string; reason: string }
  | { type: 'release'; reason: string }
  | { type: 'acknowledge'; nurseId?: string }
  | { type: 'resolve'; resolution?: string };

export interface TaskState {
  task?: TaskCreated;
  status?: TaskStatus;
  nurseId?: string;
  warned: boolean;
  breached: boolean;
}

export class TaskRuleViolation extends Error {
  override name = 'TaskRuleViolation';
  constructor(
    message: string,
    readonly kind: 'conflict' | 'not-found' = 'conflict',
  ) {
    super(message);
  }
}

function decide(command: TaskCommand, state: TaskState): TaskEvent[] {
  if (command.type === 'create') {
    if (state.task) return [];
    const { type: _, ...task } = command;
    return [taskCreated.create(task)];
  }
  if (!state.task) throw new TaskRuleViolation('no such task', 'not-found');
  const taskId = state.task.taskId;
  switch (command.type) {
    case 'assign':
      if (state.status === 'RESOLVED' || state.nurseId === command.nurseId) return [];
      return [taskAssigned.create({ taskId, nurseId: command.nurseId, previousNurseId: state.nurseId, reason: command.reason })];
    case 'release':
      if (!state.nurseId || state.status === 'RESOLVED') return [];
      return [taskReleased.create({ taskId, nurseId: state.nurseId, reason: command.reason })];
    case 'acknowledge':
      if (state.status === 'ACKNOWLEDGED') return [];
      if (state.status !== 'ASSIGNED') throw new TaskRuleViolation(`task ${taskId} is ${state.status}: only an assigned task is acknowledged`);
      if (command.nurseId && command.nurseId !== state.nurseId) throw new TaskRuleViolation(`task ${taskId} is assigned to another nurse`);
      return [taskAcknowledged.create({ taskId, nurseId: state.nurseId! })];
    case 'resolve':
      if (state.status === 'RESOLVED') return [];
      return [taskResolved.create({ taskId, nurseId: state.nurseId, resolution: command.resolution })];
  }
}

function evolve(state: TaskState, event: TaskEvent): TaskState {
  switch (event.type) {
    case taskCreated.type:
      return { ...state, task: event.payload, status: 'UNASSIGNED' };
    case taskAssigned.type:
      return { ...state, status: 'ASSIGNED', nurseId: event.payload.nurseId };
    case taskReleased.type:
      return { ...state, status: 'UNASSIGNED', nurseId: undefined };
    case taskAcknowledged.type:
      return { ...state, status: 'ACKNOWLEDGED' };
    case taskResolved.type:
      return { ...state, status: 'RESOLVED' };
    case taskSlaWarningReached.type:
      return { ...state, warned: true };
    case taskSlaBreached.type:
      return { ...state, breached: true };
  }
}

/**
 * An escalation task: created with its deadline fixed, assigned (and reassigned: the deadline stays),
 * acknowledged, resolved once. The SLA events are appended by the task's timers, not decided here.
 */
export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState> = {
  initialState: () => ({ warned: false, breached: false }),
  decide,
  evolve,
};

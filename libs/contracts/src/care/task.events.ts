import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, Min } from 'class-validator';
import { defineEvent } from '../registry/event-definition.js';
import { CARE_LIMITS, SEVERITIES, type Severity, TASK_PRIORITIES, type TaskPriority } from './care.limits.js';

export class TaskCreated {
  @IsString() taskId: string;
  @IsString() unit: string;
  @IsOptional() @IsString() patientId?: string;
  @IsOptional() @IsString() episodeId?: string;
  @IsIn(TASK_PRIORITIES) priority: TaskPriority;
  @IsIn(SEVERITIES) severity: Severity;
  @IsArray() @ArrayMaxSize(CARE_LIMITS.reasonCodes) @IsString({ each: true }) reasonCodes: string[];
  @IsString() actionType: string;
  @IsInt() @Min(1) @Max(CARE_LIMITS.slaMinutes) slaMinutes: number;
  /** Fixed at creation: reassignment keeps it. */
  @IsISO8601() dueAt: string;
  @IsOptional() @IsString() note?: string;
}

export class TaskAssigned {
  @IsString() taskId: string;
  @IsString() nurseId: string;
  @IsOptional() @IsString() previousNurseId?: string;
  /** `round-robin`, `reassigned`, `shift-ended`. */
  @IsString() reason: string;
}

/** The nurse's shift ended with the task open and nobody else has room: it waits in the pool. */
export class TaskReleased {
  @IsString() taskId: string;
  @IsString() nurseId: string;
  @IsString() reason: string;
}

export class TaskAcknowledged {
  @IsString() taskId: string;
  @IsString() nurseId: string;
}

export class TaskResolved {
  @IsString() taskId: string;
  @IsOptional() @IsString() nurseId?: string;
  @IsOptional() @IsString() resolution?: string;
}

/** Appended by the task's timer at 75 % of its SLA (exactly once: the timer fires once). */
export class TaskSlaWarningReached {
  @IsString() taskId: string;
  @IsISO8601() dueAt: string;
}

/** Appended by the task's timer at its deadline. */
export class TaskSlaBreached {
  @IsString() taskId: string;
  @IsISO8601() dueAt: string;
}

export const taskCreated = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'created', version: 1, payload: TaskCreated });
export const taskAssigned = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'assigned', version: 1, payload: TaskAssigned });
export const taskReleased = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'released', version: 1, payload: TaskReleased });
export const taskAcknowledged = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'acknowledged', version: 1, payload: TaskAcknowledged });
export const taskResolved = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'resolved', version: 1, payload: TaskResolved });
export const taskSlaWarningReached = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'sla-warning-reached', version: 1, payload: TaskSlaWarningReached });
export const taskSlaBreached = defineEvent({ domain: 'tasks', aggregate: 'task', event: 'sla-breached', version: 1, payload: TaskSlaBreached });

export const taskEvents = [taskCreated, taskAssigned, taskReleased, taskAcknowledged, taskResolved, taskSlaWarningReached, taskSlaBreached];

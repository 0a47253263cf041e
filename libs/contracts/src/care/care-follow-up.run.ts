import { defineRunKind } from '../runs/run-kind.js';
import { checkInAttemptDeferred, checkInAttemptDue, checkInAttemptSent, checkInClosedUnanswered, checkInReplied } from './patient.events.js';
import {
  taskAcknowledged,
  taskAssigned,
  type TaskCreated,
  taskCreated,
  taskReleased,
  taskResolved,
  taskSlaBreached,
  taskSlaWarningReached,
} from './task.events.js';

/** An escalation task, from creation to resolution (correlation id = task id). */
export const careTaskRun = defineRunKind({
  kind: 'care-task',
  starts: [taskCreated.type],
  steps: {
    [taskCreated.type]: 'waiting for a nurse',
    [taskAssigned.type]: 'assigned',
    [taskReleased.type]: 'waiting for a nurse',
    [taskAcknowledged.type]: 'acknowledged',
    [taskSlaWarningReached.type]: 'SLA warning',
    [taskSlaBreached.type]: 'SLA breached',
  },
  ends: { [taskResolved.type]: 'COMPLETED' },
  failures: [taskSlaBreached.type],
  label: (event) => {
    const task = event.payload as TaskCreated;
    return `${task.severity} ${task.actionType}`;
  },
});

/** A discharge check-in, from its first attempt to a reply or a nurse task (correlation id = check-in id). */
export const careCheckInRun = defineRunKind({
  kind: 'care-check-in',
  starts: [checkInAttemptDue.type],
  steps: {
    [checkInAttemptDue.type]: 'attempt due',
    [checkInAttemptSent.type]: 'waiting for a reply',
    [checkInAttemptDeferred.type]: 'deferred to the end of quiet hours',
  },
  // Unanswered, the check-in still ends: a nurse task takes over, and the run counts it as a failure.
  ends: { [checkInReplied.type]: 'COMPLETED', [checkInClosedUnanswered.type]: 'COMPLETED' },
  failures: [checkInClosedUnanswered.type],
});

import { taskAcknowledged, taskAssigned, taskCreated, taskReleased, taskResolved, taskSlaWarningReached } from '@switchboard/contracts';
import { DeciderSpecification } from '@switchboard/event-store';
import { describe, it } from 'vitest';
import { taskDecider, TaskRuleViolation } from './task.decider.js';

const task = {
  taskId: 't-1',
  unit: 'general',
  priority: 'NORMAL' as const,
  severity: 'HIGH' as const,
  reasonCodes: ['HF_BREATHING_WORSE'],
  actionType: 'NURSE_CALLBACK_2H',
  slaMinutes: 120,
  dueAt: '2026-12-04T12:00:00.000Z',
};
const created = taskCreated.create(task);
const toA = taskAssigned.create({ taskId: 't-1', nurseId: 'a', previousNurseId: undefined, reason: 'round-robin' });
const spec = DeciderSpecification.for(taskDecider);

describe('Task decider', () => {
  it('is created once, deadline fixed', () => {
    spec.given([]).when({ type: 'create', ...task }).then([created]);
    spec.given([created]).when({ type: 'create', ...task }).then([]);
  });

  it('is assigned, and reassigned keeping the deadline (nothing about it is decided again)', () => {
    spec.given([created]).when({ type: 'assign', nurseId: 'a', reason: 'round-robin' }).then([toA]);
    spec.given([created, toA]).when({ type: 'assign', nurseId: 'a', reason: 'round-robin' }).then([]);
    spec
      .given([created, toA])
      .when({ type: 'assign', nurseId: 'b', reason: 'reassigned' })
      .then([taskAssigned.create({ taskId: 't-1', nurseId: 'b', previousNurseId: 'a', reason: 'reassigned' })]);
  });

  it('is acknowledged only when assigned, by its nurse', () => {
    spec.given([created, toA]).when({ type: 'acknowledge', nurseId: 'a' }).then([taskAcknowledged.create({ taskId: 't-1', nurseId: 'a' })]);
    spec.given([created]).when({ type: 'acknowledge' }).thenThrows(TaskRuleViolation, /UNASSIGNED/);
    spec.given([created, toA]).when({ type: 'acknowledge', nurseId: 'b' }).thenThrows(TaskRuleViolation, /another nurse/);
  });

  it('goes back to the pool when released, and is resolved once; a resolved task is not assigned', () => {
    spec.given([created, toA]).when({ type: 'release', reason: 'shift-ended' }).then([taskReleased.create({ taskId: 't-1', nurseId: 'a', reason: 'shift-ended' })]);
    const resolved = taskResolved.create({ taskId: 't-1', nurseId: 'a', resolution: 'called back' });
    spec.given([created, toA, taskSlaWarningReached.create({ taskId: 't-1', dueAt: task.dueAt })]).when({ type: 'resolve', resolution: 'called back' }).then([resolved]);
    spec.given([created, toA, resolved]).when({ type: 'resolve' }).then([]);
    spec.given([created, toA, resolved]).when({ type: 'assign', nurseId: 'b', reason: 'round-robin' }).then([]);
  });

  it('refuses commands for a task that does not exist', () => {
    spec.given([]).when({ type: 'resolve' }).thenThrows(TaskRuleViolation, /no such task/);
  });
});

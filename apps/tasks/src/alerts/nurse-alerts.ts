export type AlertKind = 'assigned' | 'sla-warning' | 'sla-breach';

export interface AlertTask {
  taskId: string;
  actionType: string;
  severity: string;
  dueAt: Date;
}

/**
 * What the nurse reads: the task's reference, action and deadline, never the patient's name or
 * words (an SMS is not a safe place for health data; the app shows the rest).
 */
export function alertText(kind: AlertKind, task: AlertTask): string {
  // The id's tail: UUID v7 ids begin with their creation time, which tasks created together share.
  const ref = task.taskId.slice(-8);
  const due = task.dueAt.toISOString().slice(11, 16);
  switch (kind) {
    case 'assigned':
      return `Switchboard: task ${ref} (${task.severity}, ${task.actionType}) is yours, due ${due} UTC.`;
    case 'sla-warning':
      return `Switchboard URGENT: task ${ref} (${task.actionType}) is due at ${due} UTC; 75% of its SLA has passed.`;
    case 'sla-breach':
      return `Switchboard URGENT: task ${ref} (${task.actionType}) breached its SLA at ${due} UTC.`;
  }
}

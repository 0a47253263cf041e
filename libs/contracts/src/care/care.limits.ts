/** Bounds of the care workflow's requests and events: each keeps a REST body and an event small. */
export const CARE_LIMITS = {
  name: 200,
  unit: 64,
  reasonCodes: 10,
  reasonCode: 64,
  actionType: 64,
  note: 1_000,
  /** A week: longer SLAs are not escalations. */
  slaMinutes: 7 * 24 * 60,
  capacity: 100,
} as const;

export const SEVERITIES = ['NONE', 'LOW', 'MODERATE', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const TASK_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

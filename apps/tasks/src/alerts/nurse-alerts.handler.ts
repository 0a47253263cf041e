import { Controller, Inject, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type EventEnvelope,
  NOTIFICATION_REQUEST_COMMAND,
  notificationIdFor,
  type NotificationRecipient,
  type NotificationRequest,
  reachableChannels,
  type SealedPushSubscription,
  type TaskAssigned,
  taskAssigned,
  type TaskSlaBreached,
  taskSlaBreached,
  type TaskSlaWarningReached,
  taskSlaWarningReached,
} from '@switchboard/contracts';
import { CommandBus, type EventContext, OnEvent } from '@switchboard/eventing';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { Tasks } from '../care.aggregates.js';
import { taskProjection } from '../tasks/task.projection.js';
import { TasksConfig } from '../tasks.config.js';
import { type AlertKind, alertText } from './nurse-alerts.js';

const RETRY = { attempts: 8, baseDelayMs: 500, maxDelayMs: 10_000, jitter: 0.2 };

/**
 * Tells nurses (and, of breaches, the unit's supervisors) through telephony's notifications. Each
 * notification's id derives from the event that caused it, so a redelivery or a crash between the
 * ask and the commit asks for the same notification again, which telephony records once.
 */
@Controller()
export class NurseAlertsHandler {
  private readonly logger = new Logger(NurseAlertsHandler.name);
  private readonly projectTasks: ReturnType<typeof taskProjection>;

  constructor(
    private readonly tasks: Tasks,
    private readonly commands: CommandBus,
    private readonly config: TasksConfig,
    @Inject(SERVICE_SCHEMA) private readonly schema: string,
  ) {
    this.projectTasks = taskProjection(schema);
  }

  @OnEvent(taskAssigned, { durable: 'tasks-alert-assigned', ordered: false, concurrency: 8, retry: RETRY })
  async onAssigned(@Payload() event: EventEnvelope<TaskAssigned>, @Ctx() context: EventContext): Promise<void> {
    const { state } = await this.tasks.load(event.payload.taskId, context.tx);
    // Reassigned or resolved since: the nurse it was for no longer needs telling.
    if (state.nurseId !== event.payload.nurseId || state.status === 'RESOLVED') return;
    await this.alertNurse('assigned', event, event.payload.nurseId, context.tx, false);
  }

  /** Appended by the task's timer: the read model is brought up to date here. */
  @OnEvent(taskSlaWarningReached, { durable: 'tasks-alert-sla-warning', ordered: false, concurrency: 8, retry: RETRY })
  async onWarning(@Payload() event: EventEnvelope<TaskSlaWarningReached>, @Ctx() context: EventContext): Promise<void> {
    await this.projectTasks([event], context.tx);
    const { state } = await this.tasks.load(event.payload.taskId, context.tx);
    if (state.status === 'RESOLVED' || !state.nurseId) return;
    await this.alertNurse('sla-warning', event, state.nurseId, context.tx, true);
  }

  @OnEvent(taskSlaBreached, { durable: 'tasks-alert-sla-breach', ordered: false, concurrency: 8, retry: RETRY })
  async onBreach(@Payload() event: EventEnvelope<TaskSlaBreached>, @Ctx() context: EventContext): Promise<void> {
    await this.projectTasks([event], context.tx);
    const { state } = await this.tasks.load(event.payload.taskId, context.tx);
    if (state.status === 'RESOLVED') return;
    if (state.nurseId) await this.alertNurse('sla-breach', event, state.nurseId, context.tx, true);
    const task = state.task!;
    for (const [i, phone] of this.config.supervisorPhones(task.unit).entries()) {
      await this.notify({
        notificationId: notificationIdFor(event.id, `sla-breach-supervisor-${i}`),
        ...this.addressed({ kind: 'supervisor', id: `${task.unit}-${i}`, phone }),
        about: { kind: 'task', id: task.taskId },
        body: alertText('sla-breach', { ...task, dueAt: new Date(task.dueAt) }),
        urgent: true,
        correlationId: event.correlationId,
      });
    }
  }

  private async alertNurse(kind: AlertKind, event: EventEnvelope, nurseId: string, tx: pg.PoolClient, urgent: boolean): Promise<void> {
    const taskId = (event.payload as { taskId: string }).taskId;
    const s = `"${this.schema}"`;
    const { rows } = await tx.query<{ phone: string; email: string | null; push: SealedPushSubscription | null; actionType: string; severity: string; dueAt: Date }>(
      `SELECT n.phone, n.email, n.push_subscription AS push, t.action_type AS "actionType", t.severity, t.due_at AS "dueAt" FROM ${s}.nurses n, ${s}.tasks t WHERE n.nurse_id = $1 AND t.task_id = $2`,
      [nurseId, taskId],
    );
    if (!rows[0]) return this.logger.warn(`task ${taskId}: nurse ${nurseId} unknown, not alerted`);
    const { phone, email, push, ...task } = rows[0];
    await this.notify({
      notificationId: notificationIdFor(event.id, `${kind}-${nurseId}`),
      ...this.addressed({ kind: 'nurse', id: nurseId, phone, ...(email && { email }), ...(push && { push }) }),
      about: { kind: 'task', id: taskId },
      body: alertText(kind, { taskId, ...task }),
      urgent,
      correlationId: event.correlationId,
    });
  }

  /**
   * The recipient with the configured alert channels they can be reached on. The subscription is the
   * one on record when the alert is asked for: one dropped later (gone) fails this alert's push,
   * which falls back to the next channel.
   */
  private addressed(recipient: NotificationRecipient): Pick<NotificationRequest, 'channels' | 'recipient'> {
    return { channels: reachableChannels(this.config.alertChannels, recipient), recipient };
  }

  private notify(request: NotificationRequest): Promise<unknown> {
    return this.commands.execute(NOTIFICATION_REQUEST_COMMAND, request, { timeoutMs: 10_000 });
  }
}

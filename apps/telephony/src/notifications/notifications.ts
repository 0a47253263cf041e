import { type EventEnvelope, type NotificationSent, notificationReconcileDue, notificationSent } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { AggregateHandler, type Cause, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { TelephonyConfig } from '../telephony.config.js';
import { type NotificationCommand, notificationDecider, type NotificationEvent, type NotificationState } from './notification.decider.js';
import { notificationProjection } from './notification.projection.js';

export const notificationStream = (notificationId: string) => `notification-${notificationId}`;

type ExecuteOptions = { tx?: pg.PoolClient; cause?: Cause; trace?: { traceparent?: string; tracestate?: string } };

/** Channels whose provider reports delivery: a send on them waits for its final status, with a deadline. */
const FOLLOWED = new Set(['sms', 'whatsapp', 'voice']);

/**
 * The Notification aggregate with its log (inline projection). Whoever records a send (the sender,
 * or a callback that overtook it) starts, in the same transaction, the deadline after which a
 * final status that has not come is looked up at the provider.
 */
export class Notifications extends AggregateHandler<NotificationCommand, NotificationEvent, NotificationState> {
  static provider = {
    provide: Notifications,
    inject: [EventStore, SERVICE_SCHEMA, DurableTimers, TelephonyConfig],
    useFactory: (store: EventStore, schema: string, timers: DurableTimers, config: TelephonyConfig) => new Notifications(store, schema, timers, config.NOTIFICATION_RECONCILE_AFTER_MS),
  };

  constructor(
    store: EventStore,
    schema: string,
    private readonly timers: DurableTimers,
    private readonly reconcileAfterMs: number,
  ) {
    super(store, notificationDecider, notificationStream, notificationProjection(schema));
  }

  override async execute(id: string, command: NotificationCommand, options: ExecuteOptions = {}): Promise<{ state: NotificationState; events: EventEnvelope[] }> {
    const result = await super.execute(id, command, options);
    if (!options.tx) return result;
    for (const event of result.events) {
      const sent = event.payload as NotificationSent;
      if (event.type === notificationSent.type && FOLLOWED.has(sent.channel)) await this.reconcileLater(id, result.state.attempt, 0, event.correlationId, options.tx);
    }
    return result;
  }

  reconcileLater(notificationId: string, attempt: number, checks: number, correlationId: string | undefined, tx: pg.PoolClient): Promise<void> {
    return this.timers.scheduleAfter(
      { key: `notification-reconcile-${notificationId}`, streamId: notificationStream(notificationId), event: notificationReconcileDue.create({ notificationId, attempt, checks }), correlationId },
      this.reconcileAfterMs,
      tx,
    );
  }
}

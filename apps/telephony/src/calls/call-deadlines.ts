import { callDialed, type CallEnded, callEnded, callReconcileDue, callRecordingDue, type EventEnvelope } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import type pg from 'pg';

export const callStream = (callId: string): string => `call-${callId}`;

export interface CallDeadlineSettings {
  /** A live call with no final callback this long after its SID is known is asked about at the provider. */
  reconcileAfterMs: number;
  /** An answered call's recording not here this long after the call ended is looked for at the provider. */
  recordingDeadlineMs: number;
}

/**
 * The waits a Call's events start, each a durable timer keyed by the call and scheduled in the
 * transaction that appends the event. Keyed on the event, not on the handler that appended it:
 * the SID is recorded by the dialer or by a callback that overtook it, a call ends by a callback
 * or by reconciliation, and every path starts the same deadline, once (the decider appends each
 * event once).
 */
export class CallDeadlines {
  constructor(
    private readonly timers: DurableTimers,
    private readonly settings: CallDeadlineSettings,
  ) {}

  async follow(events: EventEnvelope[], tx: pg.PoolClient): Promise<void> {
    for (const event of events) {
      const { callId } = event.payload as { callId: string };
      if (event.type === callDialed.type) await this.reconcile(callId, event.correlationId, tx);
      if (event.type === callEnded.type && (event.payload as CallEnded).status === 'COMPLETED') {
        await this.awaitRecording(callId, 0, event.correlationId, tx);
      }
    }
  }

  reconcile(callId: string, correlationId: string | undefined, tx: pg.PoolClient): Promise<void> {
    return this.timers.scheduleAfter(
      { key: `reconcile-${callId}`, streamId: callStream(callId), event: callReconcileDue.create({ callId }), correlationId },
      this.settings.reconcileAfterMs,
      tx,
    );
  }

  /** `checks`: how often the recording was looked for already. */
  awaitRecording(callId: string, checks: number, correlationId: string | undefined, tx: pg.PoolClient): Promise<void> {
    return this.timers.scheduleAfter(
      { key: `recording-${callId}`, streamId: callStream(callId), event: callRecordingDue.create({ callId, checks }), correlationId },
      this.settings.recordingDeadlineMs,
      tx,
    );
  }
}

import type { EventEnvelope } from '@switchboard/contracts';
import { DurableTimers } from '@switchboard/durable';
import { AggregateHandler, type Cause, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import type pg from 'pg';
import { TelephonyConfig } from '../telephony.config.js';
import { CallDeadlines, callStream } from './call-deadlines.js';
import { type CallCommand, callDecider, type CallEvent, type CallState } from './call.decider.js';
import { callProjection } from './call.projection.js';

export { callStream } from './call-deadlines.js';

type ExecuteOptions = { tx?: pg.PoolClient; cause?: Cause; trace?: { traceparent?: string; tracestate?: string } };

/**
 * The Call aggregate: what every telephony handler loads and commands. Whatever a command appends
 * starts its deadlines in the same transaction, so no handler can append an event and forget them.
 */
export class Calls extends AggregateHandler<CallCommand, CallEvent, CallState> {
  static provider = {
    provide: Calls,
    inject: [EventStore, DurableTimers, TelephonyConfig, SERVICE_SCHEMA],
    useFactory: (store: EventStore, timers: DurableTimers, config: TelephonyConfig, schema: string) =>
      new Calls(store, schema, new CallDeadlines(timers, { reconcileAfterMs: config.CALL_RECONCILE_AFTER_MS, recordingDeadlineMs: config.CALL_RECORDING_DEADLINE_MS })),
  };

  constructor(
    store: EventStore,
    schema: string,
    readonly deadlines: CallDeadlines,
  ) {
    super(store, callDecider, callStream, callProjection(schema));
  }

  override async execute(id: string, command: CallCommand, options: ExecuteOptions = {}): Promise<{ state: CallState; events: EventEnvelope[] }> {
    const result = await super.execute(id, command, options);
    // Without a transaction, the base class ran this method again inside one of its own, which followed them.
    if (options.tx) await this.deadlines.follow(result.events, options.tx);
    return result;
  }
}

import { AggregateHandler, EventStore } from '@switchboard/event-store';
import { SERVICE_SCHEMA } from '@switchboard/platform';
import { type CallCommand, callDecider, type CallEvent, type CallState } from './call.decider.js';
import { callProjection } from './call.projection.js';

export const callStream = (callId: string): string => `call-${callId}`;

/** The Call aggregate: what every telephony handler loads and commands. */
export class Calls extends AggregateHandler<CallCommand, CallEvent, CallState> {
  static provider = {
    provide: Calls,
    inject: [EventStore, SERVICE_SCHEMA],
    useFactory: (store: EventStore, schema: string) =>
      new Calls(store, callDecider, callStream, callProjection(schema)),
  };
}

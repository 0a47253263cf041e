import { v7 } from 'uuid';

/** What is stored and what travels on the wire: the event and everything needed to trace it. */
export interface EventEnvelope<P = unknown> {
  /** UUIDv7: time-ordered, so ids sort roughly by creation. */
  id: string;
  /** `<domain>.<aggregate>.<event>`, e.g. `telephony.call.completed`. */
  type: string;
  version: number;
  /** `<aggregate>-<id>`, e.g. `call-0192…`. */
  streamId: string;
  /** 1 for the first event of the stream. */
  streamPosition: number;
  /** Position in the service's whole store, once stored (a bigint as text). */
  globalPosition?: string;
  occurredAt: string;
  correlationId: string;
  causationId: string;
  producer: string;
  traceparent?: string;
  tracestate?: string;
  payload: P;
}

export const newEventId = (): string => v7();

import type { EventEnvelope } from '@switchboard/contracts';
import type { TraceCarrier } from '@switchboard/telemetry';
import { headers, type MsgHdrs } from 'nats';

/** Headers an operator can filter on with the nats CLI without decoding the body. */
export const EVENT_HEADERS = {
  type: 'Sb-Event-Type',
  streamId: 'Sb-Stream-Id',
  correlationId: 'Sb-Correlation-Id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

/** Headers for an event; `trace` (the publishing span) takes precedence over the stored context. */
export function eventHeaders(event: EventEnvelope, trace: TraceCarrier = {}): MsgHdrs {
  const h = headers();
  h.set(EVENT_HEADERS.type, `${event.type}.v${event.version}`);
  h.set(EVENT_HEADERS.streamId, event.streamId);
  h.set(EVENT_HEADERS.correlationId, event.correlationId);
  const traceparent = trace.traceparent ?? event.traceparent;
  const tracestate = trace.tracestate ?? event.tracestate;
  if (traceparent) h.set(EVENT_HEADERS.traceparent, traceparent);
  if (tracestate) h.set(EVENT_HEADERS.tracestate, tracestate);
  return h;
}

import type { EventEnvelope } from '@switchboard/contracts';
import { headers, type MsgHdrs } from 'nats';

/** Headers an operator can filter on with the nats CLI without decoding the body. */
export const EVENT_HEADERS = {
  type: 'Sb-Event-Type',
  streamId: 'Sb-Stream-Id',
  correlationId: 'Sb-Correlation-Id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export function eventHeaders(event: EventEnvelope): MsgHdrs {
  const h = headers();
  h.set(EVENT_HEADERS.type, `${event.type}.v${event.version}`);
  h.set(EVENT_HEADERS.streamId, event.streamId);
  h.set(EVENT_HEADERS.correlationId, event.correlationId);
  if (event.traceparent) h.set(EVENT_HEADERS.traceparent, event.traceparent);
  if (event.tracestate) h.set(EVENT_HEADERS.tracestate, event.tracestate);
  return h;
}

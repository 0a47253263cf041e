import type { EventEnvelope } from '@switchboard/contracts';
import { contextFrom, type MessagingSpan } from '@switchboard/telemetry';
import type { JsMsg } from 'nats';
import { EVENT_HEADERS } from '../relay/event-headers.js';

/** The span of a handler run: a child of the trace the relay's headers carry, or else the envelope. */
export const processSpan = (message: JsMsg, event: EventEnvelope, consumer: string): MessagingSpan => ({
  name: `process ${event.type}.v${event.version}`,
  kind: 'process',
  parent: contextFrom({
    traceparent: message.headers?.get(EVENT_HEADERS.traceparent) || event.traceparent,
    tracestate: message.headers?.get(EVENT_HEADERS.tracestate) || event.tracestate,
  }),
  attributes: {
    'messaging.destination.name': message.subject,
    'messaging.message.id': event.id,
    'messaging.consumer.group.name': consumer,
    'messaging.nats.delivery_count': message.info.redeliveryCount,
  },
});

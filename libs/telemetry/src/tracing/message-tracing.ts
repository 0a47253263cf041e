import {
  context,
  type Context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  INVALID_SPAN_CONTEXT,
} from '@opentelemetry/api';

const tracer = () => trace.getTracer('switchboard');

/** Set by startTracing: with tracing off, messaging spans are skipped outright (hot paths). */
let enabled = false;
export const enableMessagingSpans = (): void => {
  enabled = true;
};
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Something that carries W3C trace context: NATS headers, an event's stored metadata. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The current trace context as W3C fields, to store with an event or send in headers. */
export function currentTraceContext(active: Context = context.active()): TraceCarrier {
  if (!enabled) return {};
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return { traceparent: carrier.traceparent, tracestate: carrier.tracestate };
}

export function contextFrom(carrier: TraceCarrier): Context {
  const fields: Record<string, string> = {};
  if (carrier.traceparent) fields.traceparent = carrier.traceparent;
  if (carrier.tracestate) fields.tracestate = carrier.tracestate;
  return propagation.extract(ROOT_CONTEXT, fields);
}

export interface MessagingSpan {
  name: string;
  kind: 'publish' | 'process' | 'send' | 'receive';
  parent: Context;
  attributes: Record<string, string | number | boolean | undefined>;
}

const KINDS = { publish: SpanKind.PRODUCER, process: SpanKind.CONSUMER, send: SpanKind.CLIENT, receive: SpanKind.SERVER };

/**
 * Runs `work` inside a messaging span (semantic conventions: messaging.system, destination,
 * message id, consumer group), marking failures; `work` gets the span's context to propagate.
 */
export async function inMessagingSpan<T>(
  span: MessagingSpan,
  work: (active: Context, span: Span) => Promise<T>,
): Promise<T> {
  if (!enabled) return work(span.parent, NO_SPAN);
  const started = tracer().startSpan(
    span.name,
    {
      kind: KINDS[span.kind],
      attributes: { 'messaging.system': 'nats', 'messaging.operation.type': span.kind, ...span.attributes },
    },
    span.parent,
  );
  const active = trace.setSpan(span.parent, started);
  try {
    return await context.with(active, () => work(active, started));
  } catch (error) {
    started.recordException(error as Error);
    started.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
    throw error;
  } finally {
    started.end();
  }
}

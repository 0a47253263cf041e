import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { enableMessagingSpans } from './message-tracing.js';

export interface TracingOptions {
  service: string;
  /** OTLP/HTTP base URL (Jaeger all-in-one: http://localhost:4318); tracing is off without it. */
  endpoint?: string;
  /** Instead of exporting (tests): where finished spans go. */
  spanProcessors?: SpanProcessor[];
}

/**
 * Starts the OpenTelemetry SDK before Nest loads, or does nothing at all when no endpoint is set:
 * then the API's no-op tracer is used and tracing costs nothing measurable.
 */
export function startTracing(options: TracingOptions): NodeSDK | undefined {
  if (!options.endpoint && !options.spanProcessors) return undefined;
  const sdk = new NodeSDK({
    serviceName: options.service,
    ...(options.spanProcessors
      ? { spanProcessors: options.spanProcessors }
      : { traceExporter: new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/$/, '')}/v1/traces` }) }),
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => /\/(health|metrics)/.test(request.url ?? '') }),
      new PgInstrumentation({ requireParentSpan: true }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
  enableMessagingSpans();
  return sdk;
}
